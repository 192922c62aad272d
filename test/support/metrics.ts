import { http } from './http';

/** The sum of a metric's samples on one process's /metrics whose labels include all of `labels`; 0 if none. */
export async function metricSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await http<string>('GET', `${url}/metrics`);
  if (res.status !== 200 || typeof res.body !== 'string') throw new Error(`${url}/metrics answered ${res.status}`);
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return res.body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
