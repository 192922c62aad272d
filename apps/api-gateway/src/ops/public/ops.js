// The operator console: plain DOM and ES modules, no dependencies. It signs in
// through the public API (/api/auth/login) and then polls the same admin APIs
// that `npm run dlq` uses; whatever they refuse, it shows.
import { Refused, session } from './api.js';
import { $ } from './dom.js';
import { PANELS } from './panels.js';

const POLL_MS = 5000;
let timer;

function signOut(message) {
  clearTimeout(timer);
  session.token = null;
  sessionStorage.removeItem('ops-token');
  $('console').hidden = true;
  $('session').hidden = true;
  $('refused').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
}

async function logIn(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: $('email').value, password: $('password').value }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    $('login-error').textContent = body?.message ?? `Login failed (HTTP ${res.status})`;
    return;
  }
  session.token = body.token;
  sessionStorage.setItem('ops-token', body.token);
  sessionStorage.setItem('ops-who', `${body.email} (${body.role})`);
  start();
}

function start() {
  $('login').hidden = true;
  $('session').hidden = false;
  $('who').textContent = sessionStorage.getItem('ops-who') ?? '';
  void refresh();
}

/** One round of every panel; a 403 from any admin API replaces the console with the refusal. */
async function refresh() {
  clearTimeout(timer);
  const results = await Promise.allSettled(PANELS.map((panel) => panel()));
  if (!session.token) return;
  if (results.some((r) => r.status === 'rejected' && r.reason instanceof Refused && r.reason.status === 401)) {
    signOut('Your session has ended: log in again.');
    return;
  }
  const refusal = results.find(
    (r) => r.status === 'rejected' && r.reason instanceof Refused && r.reason.status === 403,
  );
  if (refusal) {
    $('console').hidden = true;
    $('refused').hidden = false;
    $('refused-message').textContent =
      `This account may not use the operator console: the admin APIs answered 403 Forbidden (${refusal.reason.message}).`;
    return;
  }
  $('console').hidden = false;
  $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  for (const r of results) if (r.status === 'rejected') console.error(r.reason);
  timer = setTimeout(refresh, POLL_MS);
}

$('login').addEventListener('submit', logIn);
$('logout').addEventListener('click', () => signOut());
if (session.token) start();
else signOut();
