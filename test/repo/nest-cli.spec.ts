import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import services from '../../libs/common/src/services.json';

const ROOT = join(__dirname, '../..');
const nest = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdin: 'ignore',
  } as never);

describe('the Nest CLI monorepo', () => {
  it('lists every service as a project', () => {
    const config = require(join(ROOT, 'nest-cli.json'));
    expect(config.monorepo).toBe(true);
    for (const name of Object.keys(services)) expect(config.projects[name]).toMatchObject({ type: 'application' });
    for (const lib of ['events', 'auth', 'caching', 'health', 'testing'])
      expect(config.projects[lib]).toMatchObject({ type: 'library' });
  });

  it('generates a service inside an app (`nest g service foo --project order-service`)', () => {
    const res = nest('generate', 'service', 'foo', '--project', 'order-service', '--dry-run');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('apps/order-service/src/foo/foo.service.ts');
  });
});
