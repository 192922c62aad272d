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
    expect(svc.ports).toEqual([`${info.port}:${info.port}`]);
    expect(JSON.stringify(svc.healthcheck.test)).toContain(`:${info.port}/health`);
    expect(svc.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', MONGO_URL: 'mongodb://mongo:27017' });
    expect(Object.keys(svc.depends_on).sort()).toEqual(['kafka', 'mongo', 'redis']);
  });

  it('parses strictly, and is accepted by `docker compose config` where a Docker client has the compose plugin', () => {
    expect(() => parse(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true, strict: true })).not.toThrow();
    if (!dockerComposeAvailable()) return; // no compose plugin here: the YAML checks above stand alone
    const res = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});
