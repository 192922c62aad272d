// The console's one way to call the API: with the signed-in admin's token, refusals as errors.

/** The access token of whoever signed in, kept for the tab's life. */
export const session = { token: sessionStorage.getItem('ops-token') };

/** An API refusal: its status and message. */
export class Refused extends Error {
  constructor(status, body) {
    super(Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? `HTTP ${status}`));
    this.status = status;
  }
}

/** The answer's JSON; a refusal (and a 401 for an ended session) is thrown. /health's 503 still has a body to show. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${session.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok && !(path === '/health' && res.status === 503)) throw new Refused(res.status, data);
  return data;
}
