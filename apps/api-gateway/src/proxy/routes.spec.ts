import { EdgeAccess, needsToken, routeFor } from './routes';

describe(routeFor.name, () => {
  it.each([
    ['/api/auth/login', 'user-service'],
    ['/api/users/profile', 'user-service'],
    ['/api/products?search=lamp&page=2', 'product-service'],
    ['/api/products', 'product-service'],
    ['/api/orders/abc', 'order-service'],
    ['/api/payments?orderId=1', 'payment-service'],
    ['/api/inventory/123', 'inventory-service'],
    ['/api/notifications', 'notification-service'],
  ])('routes %s to %s', (url, service) => {
    expect(routeFor(url)?.service).toBe(service);
  });

  it.each(['/api/', '/api/nothing', '/api/constructor', '/api/__proto__/x', '/api/productsx'])(
    'knows no route for %s',
    (url) => {
      expect(routeFor(url)).toBeUndefined();
    },
  );
});

describe(needsToken.name, () => {
  it('lets anyone read a public-reads family but not write to it', () => {
    const route = { service: 'product-service' as const, access: EdgeAccess.PublicReads };
    expect(needsToken(route, 'GET')).toBe(false);
    expect(needsToken(route, 'HEAD')).toBe(false);
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(needsToken(route, method)).toBe(true);
  });

  it('needs a token for every method of an authenticated family, and none for a public one', () => {
    expect(needsToken({ service: 'order-service', access: EdgeAccess.Authenticated }, 'GET')).toBe(true);
    expect(needsToken({ service: 'user-service', access: EdgeAccess.Public }, 'POST')).toBe(false);
  });
});
