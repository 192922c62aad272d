import { HttpStatus, Injectable } from '@nestjs/common';
import { HealthService } from '@app/health';
import { UpstreamName, Upstreams } from '../upstreams/upstreams';

const PROBE_TIMEOUT_MS = 2000;

interface UpstreamHealth {
  status: 'UP' | 'DOWN';
  [detail: string]: unknown;
}

/** The platform's health: the gateway's own dependencies plus every service's /health. */
@Injectable()
export class GatewayHealthService {
  constructor(
    private readonly health: HealthService,
    private readonly upstreams: Upstreams,
  ) {}

  async aggregate() {
    const [own, ...probes] = await Promise.all([
      this.health.readiness('api-gateway'),
      ...this.upstreams.names.map((name) => this.probe(name)),
    ]);
    const services = Object.fromEntries(this.upstreams.names.map((name, i) => [name, probes[i]]));
    const allUp = own.body.status === 'UP' && probes.every((p) => p.status === 'UP');
    return {
      httpStatus: allUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
      body: { ...own.body, status: allUp ? 'UP' : 'DOWN', services },
    };
  }

  private async probe(name: UpstreamName): Promise<UpstreamHealth> {
    try {
      const res = await fetch(`${this.upstreams.url(name)}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      const body = (await res.json()) as UpstreamHealth;
      return { ...body, status: res.ok && body.status === 'UP' ? 'UP' : 'DOWN' };
    } catch (error) {
      return { status: 'DOWN', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
