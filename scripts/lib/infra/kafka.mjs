// Apache Kafka as a single-node KRaft broker+controller, from Maven Central jars on the local Java.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  InfraError,
  LOG_DIR,
  ROOT,
  STATE_DIR,
  run,
  runningPid,
  say,
  seconds,
  startDaemon,
  stopDaemon,
  tcpRequest,
  waitFor,
  which,
} from '../proc.mjs';

export const name = 'kafka';
export const label = 'Kafka'; // what an external replacement would be
export const urlVar = 'KAFKA_BROKERS';

const HOST = '127.0.0.1';
const POM = path.join(ROOT, 'infra', 'kafka', 'pom.xml');
const DIR = path.join(STATE_DIR, 'kafka');
const LIBS = path.join(DIR, 'libs');
const LIBS_STAMP = path.join(LIBS, '.pom-sha256');
const DATA = path.join(DIR, 'data');
const CLUSTER_ID = path.join(DIR, 'cluster-id');
const SERVER_PROPS = path.join(DIR, 'server.properties');
const LOG4J_PROPS = path.join(DIR, 'log4j.properties');

const port = () => Number(process.env.KAFKA_PORT || 9092);
const controllerPort = () => Number(process.env.KAFKA_CONTROLLER_PORT || 9093);

export const external = () => process.env.KAFKA_BROKERS || null;
export const localUrl = () => `${HOST}:${port()}`;
export const ports = () => [
  { port: port(), what: 'broker', env: 'KAFKA_PORT' },
  { port: controllerPort(), what: 'controller', env: 'KAFKA_CONTROLLER_PORT' },
];

const pomHash = () => createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
const needsProvision = () =>
  !fs.existsSync(LIBS_STAMP) || fs.readFileSync(LIBS_STAMP, 'utf8') !== pomHash();

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** Missing prerequisites, as errors; checked before anything starts. */
export function check() {
  const problems = [];
  const orExternal = 'or set KAFKA_BROKERS=host:port to use an existing Kafka';
  if (!which('java')) {
    problems.push(
      new InfraError(
        'kafka: java is not installed (Java 17+ runs the broker)',
        `apt-get install -y openjdk-17-jre-headless, ${orExternal}`,
      ),
    );
  } else if ((javaMajor() ?? 0) < 17) {
    problems.push(
      new InfraError(
        `kafka: java ${javaMajor() ?? '(unknown version)'} is too old, Kafka needs Java 17+`,
        `apt-get install -y openjdk-17-jre-headless and put it first on PATH, ${orExternal}`,
      ),
    );
  }
  if (needsProvision() && !which('mvn')) {
    problems.push(
      new InfraError(
        "kafka: mvn is not installed (Maven fetches Kafka's jars once)",
        `apt-get install -y maven, ${orExternal}`,
      ),
    );
  }
  return problems;
}

export async function provision() {
  if (!needsProvision()) return;
  const started = Date.now();
  say(name, 'resolving jars with Maven…');
  const staging = `${LIBS}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const logFile = path.join(LOG_DIR, 'kafka-maven.log');
  try {
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        '-f',
        POM,
        'org.apache.maven.plugins:maven-dependency-plugin:copy-dependencies',
        `-DoutputDirectory=${staging}`,
      ],
      { logFile },
    );
  } catch (err) {
    // Maven's first [ERROR] line names the cause; its last lines are boilerplate.
    const cause = /^\[ERROR\] .+$/m.exec(err.output ?? '')?.[0] ?? err.message;
    throw new InfraError(
      `kafka: Maven could not resolve Kafka's jars (log: ${path.relative(ROOT, logFile)})\n${cause}`,
      'check access to Maven Central (or the mirror in ~/.m2/settings.xml), or set KAFKA_BROKERS=host:port to use an existing Kafka',
    );
  }
  fs.writeFileSync(path.join(staging, '.pom-sha256'), pomHash());
  fs.rmSync(LIBS, { recursive: true, force: true });
  fs.renameSync(staging, LIBS);
  say(
    name,
    `${fs.readdirSync(LIBS).length - 1} jars in ${path.relative(ROOT, LIBS)} (${seconds(started)})`,
  );
}

function writeConfig() {
  fs.mkdirSync(DATA, { recursive: true });
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${controllerPort()}`,
    listeners: `PLAINTEXT://${HOST}:${port()},CONTROLLER://${HOST}:${controllerPort()}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${port()}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': DATA,
    'num.partitions': 3,
    'auto.create.topics.enable': false,
    'offsets.topic.replication.factor': 1,
    // 50 partitions by default; fewer make the first consumer-group join on one node much faster
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.retention.hours': 168,
  };
  fs.writeFileSync(
    SERVER_PROPS,
    Object.entries(props)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n',
  );
  fs.writeFileSync(
    LOG4J_PROPS,
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${path.join(LOG_DIR, 'kafka.log')}`,
      'log4j.appender.file.MaxFileSize=20MB',
      'log4j.appender.file.MaxBackupIndex=2',
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
}

const javaArgs = (...rest) => [
  `-Dlog4j.configuration=file:${LOG4J_PROPS}`,
  `-Dkafka.logs.dir=${LOG_DIR}`,
  '-Djava.awt.headless=true',
  '-cp',
  path.join(LIBS, '*'),
  ...rest,
];

/** Formats the KRaft storage once; the cluster id is kept in .infra/kafka/cluster-id. */
async function formatOnce() {
  if (fs.existsSync(path.join(DATA, 'meta.properties'))) return;
  if (!fs.existsSync(CLUSTER_ID))
    fs.writeFileSync(CLUSTER_ID, randomBytes(16).toString('base64url'));
  const clusterId = fs.readFileSync(CLUSTER_ID, 'utf8').trim();
  say(name, `formatting storage (cluster id ${clusterId})…`);
  const args = javaArgs(
    'kafka.tools.StorageTool',
    'format',
    '--config',
    SERVER_PROPS,
    '--cluster-id',
    clusterId,
    '--ignore-formatted',
  );
  await run('java', args, { logFile: path.join(LOG_DIR, 'kafka-format.log') });
}

export async function start() {
  const pid = runningPid(name);
  if (pid) return { pid, reused: true };
  writeConfig();
  await formatOnce();
  const heap = process.env.KAFKA_HEAP || '512m';
  const jvm = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
  ];
  const args = [...jvm, ...javaArgs('kafka.Kafka', SERVER_PROPS)];
  return {
    pid: startDaemon({ name, command: 'java', args, logFile: path.join(LOG_DIR, 'kafka.out.log') }),
    reused: false,
  };
}

/** A Metadata (v4) request that must list at least one broker: the port alone is not enough. */
function metadata() {
  const clientId = Buffer.from('commercex-infra');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let at = body.writeInt16BE(3, 0); // api key: Metadata
  at = body.writeInt16BE(4, at); // api version
  at = body.writeInt32BE(42, at); // correlation id
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(0, at); // no topics, just the cluster
  body.writeInt8(0, at); // allow_auto_topic_creation = false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return tcpRequest(port(), HOST, Buffer.concat([size, body]), (reply) => {
    if (reply.length < 4 || reply.length < 4 + reply.readInt32BE(0)) return undefined;
    if (reply.readInt32BE(4) !== 42) throw new Error('unexpected Kafka reply');
    return reply.readInt32BE(12) > 0; // brokers array length, after throttle_time_ms
  });
}

export async function ready() {
  await waitFor(metadata, {
    timeoutMs: 90_000,
    intervalMs: 300,
    what: `Kafka metadata on ${localUrl()} (logs: .infra/logs/kafka.log, kafka.out.log)`,
    name,
  });
}

export const stop = () => stopDaemon(name, { timeoutMs: 20_000 });

export function status() {
  const pid = runningPid(name);
  if (pid) return `running (pid ${pid}) on ${localUrl()}`;
  return needsProvision() ? 'stopped (not provisioned)' : 'stopped';
}
