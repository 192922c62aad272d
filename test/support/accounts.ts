import { userInput } from '../factories/user.factory';
import { http } from './http';
import { GATEWAY } from './stack';

export interface Session {
  userId: string;
  email: string;
  token: string;
}

/** A fresh customer account, registered through the gateway. */
export async function customer(): Promise<Session> {
  const input = userInput();
  const res = await http('POST', `${GATEWAY}/api/auth/register`, { body: input });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { userId: res.body._id, email: input.email, token: res.body.token };
}

/** The bootstrap admin account (README: admin@commercex.local / Admin123! outside production). */
export async function admin(): Promise<Session> {
  const email = process.env.ADMIN_EMAIL ?? 'admin@commercex.local';
  const res = await http('POST', `${GATEWAY}/api/auth/login`, {
    body: { email, password: process.env.ADMIN_PASSWORD ?? 'Admin123!' },
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status}`);
  return { userId: res.body._id, email, token: res.body.token };
}
