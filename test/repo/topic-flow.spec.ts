import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS, TOPIC_FLOW, Topic } from '@app/events';

const ROOT = join(__dirname, '../..');
const APPS = join(ROOT, 'apps');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `service topic` for every match of the pattern's TOPICS.X in a service's code. */
function found(pattern: RegExp): string[] {
  return readdirSync(APPS).flatMap((service) =>
    sources(join(APPS, service)).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(pattern)].map((m) => `${service} ${TOPICS[m[1] as keyof typeof TOPICS]}`),
    ),
  );
}

const table = (pick: (topic: Topic) => string[]) =>
  (Object.keys(TOPIC_FLOW) as Topic[]).flatMap((topic) => pick(topic).map((service) => `${service} ${topic}`));

describe('TOPIC_FLOW', () => {
  it('names as producer of each topic the service whose code puts it in an outbox', () => {
    const published = [...new Set(found(/outboxMessage\(\s*TOPICS\.(\w+)/g))].sort();
    expect(published).toEqual(table((topic) => [TOPIC_FLOW[topic].producer]).sort());
  });

  it('names as consumers the services with an @OnEvent handler of the topic', () => {
    const consumed = [...new Set(found(/@OnEvent\(\s*TOPICS\.(\w+)/g))].sort();
    expect(consumed).toEqual(table((topic) => [...TOPIC_FLOW[topic].consumers]).sort());
  });
});
