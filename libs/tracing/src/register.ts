import { basename, dirname } from 'node:path';
import { BaseEnv } from '@app/common/config/base.env';
import { loadEnv } from '@app/common/config/validate-env';
import { startTracing, stopTracing } from './tracing';

/**
 * Imported first by every app's main.ts (`import '@app/tracing/register'`),
 * so that OpenTelemetry is running before anything it instruments is loaded.
 * The service is the app's own folder (dist/apps/<service>/main.js). A bad
 * environment starts no tracing here: bootstrapService reports it a moment
 * later, with every bad variable named.
 */
function register(): void {
  let env: BaseEnv;
  try {
    env = loadEnv(BaseEnv);
  } catch {
    return;
  }
  if (env.TRACING === 'off') return;
  startTracing({
    service: basename(dirname(process.argv[1] ?? 'unknown/main.js')),
    instanceId: env.INSTANCE_ID,
    zipkinUrl: env.TRACES_ZIPKIN_URL,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    sampleRatio: env.TRACES_SAMPLE_RATIO,
  });
  // Nest's shutdown hooks run on the same signal; once, so that Nest's own re-sent signal still ends the process.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopTracing());
}

register();
