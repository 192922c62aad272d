import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import services from '../../libs/common/src/services.json';

const ROOT = join(__dirname, '../..');
const file = join(ROOT, 'docker-compose.yml');

function dockerComposeAvailable(): boolean {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true });

  it('runs Kafka in KRaft mode, MongoDB and Redis, each with a healthcheck', () => {
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const infra of ['kafka', 'mongo', 'redis']) expect(compose.services[infra].healthcheck.test).toBeDefined();
  });

  it.each(Object.entries(services))('runs %s from the one Dockerfile on its port, healthchecked', (name, info) => {
    const svc = compose.services[name];
    expect(svc.build).toMatchObject({ dockerfile: 'Dockerfile', args: { SERVICE: name } });
    // Only the gateway is reachable from outside the compose network.
    expect(svc.ports).toEqual(name === 'api-gateway' ? [`${info.port}:${info.port}`] : undefined);
    expect(svc.environment.HOST).toBe('0.0.0.0');
    expect(JSON.stringify(svc.healthcheck.test)).toContain(`:${info.port}/health`);
    expect(svc.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', MONGO_URL: 'mongodb://mongo:27017' });
    expect(Object.keys(svc.depends_on).sort()).toEqual(['kafka', 'mongo', 'redis']);
  });

  it('ships no secret: JWT_SECRET and ADMIN_PASSWORD must come from the environment, with a message when missing', () => {
    const env = compose.services['api-gateway'].environment;
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?set JWT_SECRET to a long random value/);
    expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?set ADMIN_PASSWORD /);
  });

  it('parses strictly, and is accepted by `docker compose config` where a Docker client has the compose plugin', () => {
    expect(() => parse(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true, strict: true })).not.toThrow();
    if (!dockerComposeAvailable()) return; // no compose plugin here: the YAML checks above stand alone
    const res = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});
