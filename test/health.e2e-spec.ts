import { http } from './support/http';
import { GATEWAY, SERVICE_NAMES, ownsDatabase, serviceUrl } from './support/stack';
import services from '../libs/common/src/services.json';

describe('health', () => {
  it.each(SERVICE_NAMES)('%s reports UP from real dependency checks', async (name) => {
    const res = await http('GET', `${serviceUrl(name)}/health`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'UP', service: name });
    if (ownsDatabase(name)) {
      expect(res.body.db).toBe('CONNECTED');
      expect(res.body.checks.mongodb.status).toBe('up');
    } else {
      expect(res.body.db).toBeUndefined();
    }
  });

  it.each(SERVICE_NAMES)('%s separates liveness from readiness', async (name) => {
    const live = await http('GET', `${serviceUrl(name)}/health/live`);
    const ready = await http('GET', `${serviceUrl(name)}/health/ready`);

    expect(live).toMatchObject({ status: 200, body: { status: 'UP', service: name } });
    expect(ready).toMatchObject({ status: 200, body: { status: 'UP', service: name } });
  });

  it('the gateway aggregates every service', async () => {
    const res = await http('GET', `${GATEWAY}/health`);

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('UP');
    expect(res.body.redis).toBe('UP');
    const upstreams = SERVICE_NAMES.filter((n) => n !== 'api-gateway');
    expect(Object.keys(res.body.services).sort()).toEqual([...upstreams].sort());
    for (const name of upstreams) expect(res.body.services[name]).toMatchObject({ status: 'UP', service: name });
  });

  it.each(SERVICE_NAMES.filter((name) => services[name].consumesEvents))(
    '%s is ready only as a member of its consumer group',
    async (name) => {
      const res = await http('GET', `${serviceUrl(name)}/health/ready`);

      expect(res.body.consumer).toBe('UP');
      expect(res.body.checks.consumer).toMatchObject({ status: 'up', group: 'member' });
    },
  );

  it('kafka is checked on every service that uses it', async () => {
    const res = await http('GET', `${serviceUrl('inventory-service')}/health`);

    expect(res.body.kafka).toBe('UP');
    expect(res.body.checks.kafka).toMatchObject({ status: 'up', brokers: 1 });
  });
});
