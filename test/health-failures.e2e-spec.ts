import { http } from './support/http';
import { ServiceProcess, freePort, spawnService } from './support/processes';

describe('health when a dependency fails', () => {
  let instance: ServiceProcess | undefined;

  afterEach(async () => {
    await instance?.stop();
    instance = undefined;
  });

  it('a service whose Redis is unreachable answers 503 DOWN, naming Redis, while its database stays CONNECTED', async () => {
    instance = await spawnService('product-service', { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });

    const res = await http('GET', `${instance.url}/health`);

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'DOWN',
      service: 'product-service',
      redis: 'DOWN',
      db: 'CONNECTED',
      kafka: 'UP',
    });
    expect(res.body.checks.redis.status).toBe('down');
    expect((await http('GET', `${instance.url}/health/ready`)).status).toBe(503);
    expect((await http('GET', `${instance.url}/health/live`)).status).toBe(200);
  });

  it('the gateway reports the platform DOWN when one service is unreachable, yet stays ready itself', async () => {
    instance = await spawnService('api-gateway', { ORDER_SERVICE_URL: `http://127.0.0.1:${await freePort()}` });

    const res = await http('GET', `${instance.url}/health`);

    expect(res.status).toBe(503);
    expect(res.body.status).toBe('DOWN');
    expect(res.body.services['order-service'].status).toBe('DOWN');
    expect(res.body.services['user-service'].status).toBe('UP');
    expect((await http('GET', `${instance.url}/health/ready`)).body).toMatchObject({ status: 'UP', redis: 'UP' });
  });
});
