import { ConfigService } from '@nestjs/config';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SERVICES } from '@app/common';
import { Upstreams } from '../upstreams/upstreams';
import { ApiDocsService } from './api-docs.service';

const GATEWAY: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'CommerceX', version: '1' },
  paths: { '/health': { get: { responses: { '200': { description: 'UP' } } } } },
};

/** Each service's own document: product-service's has a public and a service-to-service route. */
function serviceDocument(url: string): OpenAPIObject {
  const paths: OpenAPIObject['paths'] =
    new URL(url).port === String(SERVICES['product-service'].port)
      ? {
          '/products': { get: { responses: { '200': { description: 'A page' } } } },
          '/prices': { get: { responses: { '200': { description: 'Prices' } } } },
        }
      : {};
  return { openapi: '3.0.0', info: { title: 'a service', version: '1' }, paths };
}

function newTestService() {
  const fetch = jest
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async (input) => Response.json(serviceDocument(String(input))));
  const sut = new ApiDocsService(new Upstreams(new ConfigService({})));
  sut.useGatewayDocument(GATEWAY);
  const merges = jest.spyOn(sut as unknown as { merge: () => OpenAPIObject }, 'merge');
  return { sut, fetch, merges };
}

describe(ApiDocsService.name, () => {
  afterEach(() => jest.useRealTimers());
  afterEach(() => jest.restoreAllMocks());

  it("publishes the services' public routes under /api, with the gateway's 429, beside the gateway's own (not /prices, which is service to service)", async () => {
    const { sut } = newTestService();

    const document = JSON.parse(await sut.json()) as OpenAPIObject;

    expect(Object.keys(document.paths).sort()).toEqual(['/api/products', '/health']);
    expect(document.paths['/api/products'].get!.responses['429']).toBeDefined();
    expect(document.paths['/health'].get!.responses['429']).toBeUndefined();
  });

  it('builds the document once per set of service documents fetched, not once per request', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { sut, fetch, merges } = newTestService();
    const services = new Upstreams(new ConfigService({})).names.length;

    const first = await sut.json();
    for (let i = 0; i < 5; i++) expect(await sut.json()).toBe(first);
    expect(merges).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(services);

    jest.advanceTimersByTime(30_001);
    await sut.json();
    expect(fetch).toHaveBeenCalledTimes(2 * services);
    expect(merges).toHaveBeenCalledTimes(2);
  });
});
