// Zipkin, the local trace store and its web UI: the server's exec jar from Maven Central on the local Java.
// Off with TRACING=off; point TRACES_ZIPKIN_URL at another Zipkin (or send OTLP) to use your own.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { InfraError, LOG_DIR, ROOT, STATE_DIR, run, runningPid, say, seconds, startDaemon, stopDaemon, waitFor, which } from '../proc.mjs';

export const name = 'zipkin';
export const label = 'Zipkin'; // what an external replacement would be
export const urlVar = 'TRACES_ZIPKIN_URL';

/** Zipkin 3.x runs on Java 17; the version is pinned here and fetched once through Maven's cache (~/.m2). */
const VERSION = '3.5.1';
const ARTIFACT = `io.zipkin:zipkin-server:${VERSION}:jar:exec`;
const HOST = '127.0.0.1';
const DIR = path.join(STATE_DIR, 'zipkin');
const JAR = path.join(DIR, `zipkin-server-${VERSION}-exec.jar`);

const port = () => Number(process.env.ZIPKIN_PORT || 9411);

export const enabled = () => process.env.TRACING !== 'off';
export const external = () => process.env.TRACES_ZIPKIN_URL || null;
export const localUrl = () => `http://${HOST}:${port()}/api/v2/spans`;
/** The UI, printed by `npm start`. */
export const uiUrl = () => `http://${HOST}:${port()}/zipkin/`;
export const ports = () => [{ port: port(), what: 'HTTP (API and UI)', env: 'ZIPKIN_PORT' }];

const needsProvision = () => !fs.existsSync(JAR);

export function check() {
  if (!needsProvision() || which('mvn')) return [];
  return [
    new InfraError(
      "zipkin: mvn is not installed (Maven fetches Zipkin's server jar once)",
      'apt-get install -y maven, or run with TRACING=off, or set TRACES_ZIPKIN_URL to an existing Zipkin',
    ),
  ];
}

export async function provision() {
  if (!needsProvision()) return;
  const started = Date.now();
  say(name, `fetching ${ARTIFACT} with Maven…`);
  const logFile = path.join(LOG_DIR, 'zipkin-maven.log');
  fs.mkdirSync(DIR, { recursive: true });
  try {
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
        `-Dartifact=${ARTIFACT}`,
        `-DoutputDirectory=${DIR}`,
      ],
      { logFile },
    );
  } catch (err) {
    const cause = /^\[ERROR\] .+$/m.exec(err.output ?? '')?.[0] ?? err.message;
    throw new InfraError(
      `zipkin: Maven could not fetch ${ARTIFACT} (log: ${path.relative(ROOT, logFile)})\n${cause}`,
      'check access to Maven Central, or run with TRACING=off, or set TRACES_ZIPKIN_URL to an existing Zipkin',
    );
  }
  say(name, `fetched ${path.relative(ROOT, JAR)} (${seconds(started)})`);
}

export async function start() {
  const pid = runningPid(name);
  if (pid) return { pid, reused: true };
  // In-memory storage, bounded: a local trace store for the last few thousand orders, not an archive.
  const args = [
    '-Xms64m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-jar',
    JAR,
    // On loopback only, like the rest of the local infra.
    `--armeria.ports[0].ip=${HOST}`,
    `--armeria.ports[0].port=${port()}`,
    '--armeria.ports[0].protocols[0]=http',
  ];
  const env = { STORAGE_TYPE: 'mem', MEM_MAX_SPANS: '50000' };
  return {
    pid: startDaemon({ name, command: 'java', args, env, cwd: DIR, logFile: path.join(LOG_DIR, 'zipkin.log') }),
    reused: false,
  };
}

function health() {
  return new Promise((resolve) => {
    const request = http.get({ host: HOST, port: port(), path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? true : undefined);
    });
    request.on('error', () => resolve(undefined));
    request.on('timeout', () => request.destroy());
  });
}

export async function ready() {
  await waitFor(health, { timeoutMs: 90_000, what: `Zipkin on ${HOST}:${port()} (log: .infra/logs/zipkin.log)`, name });
}

export const stop = () => stopDaemon(name);

export function status() {
  if (!enabled()) return 'off (TRACING=off)';
  const pid = runningPid(name);
  if (pid) return `running (pid ${pid}); UI ${uiUrl()}`;
  return needsProvision() ? 'stopped (jar not fetched yet)' : 'stopped';
}
