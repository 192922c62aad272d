import services from '../../libs/common/src/services.json';

export type ServiceName = keyof typeof services;
export const SERVICE_NAMES = Object.keys(services) as ServiceName[];

export function serviceUrl(name: ServiceName): string {
  return `http://127.0.0.1:${services[name].port}`;
}

export const GATEWAY = serviceUrl('api-gateway');

export function ownsDatabase(name: ServiceName): boolean {
  return services[name].database !== null;
}
