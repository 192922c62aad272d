import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SERVICES, SERVICE_NAMES, ServiceName } from '@app/common';

export type UpstreamName = Exclude<ServiceName, 'api-gateway'>;

/** The services behind the gateway and their base URLs (`<NAME>_URL` overrides the local default). */
@Injectable()
export class Upstreams {
  readonly names = SERVICE_NAMES.filter((n): n is UpstreamName => n !== 'api-gateway');
  private readonly urls: Record<UpstreamName, string>;

  constructor(config: ConfigService) {
    this.urls = Object.fromEntries(
      this.names.map((name) => {
        const key = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
        return [name, config.get<string>(key) ?? `http://127.0.0.1:${SERVICES[name].port}`];
      }),
    ) as Record<UpstreamName, string>;
  }

  url(name: UpstreamName): string {
    return this.urls[name];
  }
}
