import Fastify from 'fastify';
import { AllowedMethods, refuseUndeclaredMethodsOnRoutes } from './method-not-allowed';

describe(AllowedMethods.name, () => {
  it('lists the methods of the routes a path matches, in a fixed order', () => {
    const routes = new AllowedMethods();
    routes.add('/products', ['POST', 'GET']);
    routes.add('/products/:id', ['get', 'patch', 'delete']);
    routes.add('/products/:id', 'HEAD');
    expect(routes.of('/products')).toEqual(['GET', 'POST']);
    expect(routes.of('/products/abc')).toEqual(['GET', 'HEAD', 'PATCH', 'DELETE']);
    expect(routes.of('/products/abc/more')).toEqual([]);
    expect(routes.of('/nothing')).toEqual([]);
  });
});

describe(refuseUndeclaredMethodsOnRoutes.name, () => {
  const app = Fastify();
  refuseUndeclaredMethodsOnRoutes(app);
  app.get('/items/:id', async () => ({ ok: true }));
  app.post('/items', async () => ({ ok: true }));
  afterAll(() => app.close());

  it('answers 405 with Allow for a known path and an undeclared method, before reading the body', async () => {
    const res = await app.inject({
      method: 'DELETE',
      url: '/items/7',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    expect((await app.inject({ method: 'GET', url: '/items' })).headers.allow).toBe('POST');
  });

  it('leaves served methods and unknown paths alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/items/7' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/items/7' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/elsewhere' })).statusCode).toBe(404);
  });
});
