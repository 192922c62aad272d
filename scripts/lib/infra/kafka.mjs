// Apache Kafka in KRaft mode from Maven Central jars on the local Java: one broker+controller node by
// default, or a cluster of KAFKA_BROKER_COUNT such nodes (`npm run infra -- up --brokers 3`).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  InfraError,
  LOG_DIR,
  ROOT,
  RUN_DIR,
  STATE_DIR,
  isRunning,
  run,
  runningPid,
  say,
  seconds,
  startDaemon,
  stopDaemon,
  waitFor,
  which,
} from '../proc.mjs';
import { kafkaPrincipals } from '../secrets.mjs';
import { liveBrokers } from './kafka-wire.mjs';

export const name = 'kafka';
export const label = 'Kafka'; // what an external replacement would be
export const urlVar = 'KAFKA_BROKERS';

const HOST = '127.0.0.1';
const POM = path.join(ROOT, 'infra', 'kafka', 'pom.xml');
const DIR = path.join(STATE_DIR, 'kafka');
const LIBS = path.join(DIR, 'libs');
const LIBS_STAMP = path.join(LIBS, '.pom-sha256');
/** The size of the cluster that runs, while one does: later commands (`npm run service`, `status`) follow it. */
const CLUSTER_SIZE_FILE = path.join(RUN_DIR, 'kafka.brokers');
const MAX_BROKERS = 5;

const port = () => Number(process.env.KAFKA_PORT || 9092);
const controllerPort = () => Number(process.env.KAFKA_CONTROLLER_PORT || 9093);

/**
 * Nodes in the local cluster: KAFKA_BROKER_COUNT when set, else the size of
 * the cluster running now, else 1.
 */
export function brokerCount() {
  const asked = process.env.KAFKA_BROKER_COUNT;
  if (asked !== undefined && asked !== '') {
    const count = Number(asked);
    if (!Number.isInteger(count) || count < 1 || count > MAX_BROKERS)
      throw new InfraError(
        `kafka: KAFKA_BROKER_COUNT (or --brokers) must be a whole number from 1 to ${MAX_BROKERS}, not "${asked}"`,
        'use 1 (the default) or 3 (a replicated cluster)',
      );
    return count;
  }
  const running = Number.parseInt(readOr(CLUSTER_SIZE_FILE, ''), 10);
  return running > 1 && nodes(running).some((n) => isRunning(n.daemon)) ? running : 1;
}

/** `--brokers N` (or `--brokers=N`) on a command line: the same as KAFKA_BROKER_COUNT=N. */
export function applyBrokersFlag(argv) {
  const at = argv.findIndex((a) => a === '--brokers' || a.startsWith('--brokers='));
  if (at < 0) return;
  process.env.KAFKA_BROKER_COUNT = (argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1]) || '(nothing)';
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * The nodes of a cluster of `count`. One node keeps the single-broker layout
 * (daemon `kafka`, `.infra/kafka/data`, 9092/9093); node i of a cluster is
 * daemon `kafka-i`, with its own folder under `.infra/kafka/cluster-<count>/`
 * and ports two apart (9092/9093, 9094/9095, 9096/9097).
 */
export function nodes(count = brokerCount()) {
  if (count === 1) {
    return [{ id: 1, daemon: name, port: port(), controllerPort: controllerPort(), dir: DIR, log: 'kafka' }];
  }
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    daemon: `${name}-${i + 1}`,
    port: port() + 2 * i,
    controllerPort: controllerPort() + 2 * i,
    dir: path.join(DIR, `cluster-${count}`, `node-${i + 1}`),
    log: `kafka-${i + 1}`,
  }));
}

/** Copies of each internal topic: three where there are three brokers to hold them. */
export const replicationFactor = (count = brokerCount()) => Math.min(3, count);
/** Writes acknowledged by all in-sync replicas need this many of them: one broker may be lost. */
export const minInsyncReplicas = (count = brokerCount()) => (replicationFactor(count) >= 3 ? 2 : 1);

/** Every Kafka daemon of this checkout with a pid file, whatever the cluster size it was started with. */
function daemonsOnRecord() {
  if (!fs.existsSync(RUN_DIR)) return [];
  return fs
    .readdirSync(RUN_DIR)
    .map((f) => /^(kafka(?:-\d+)?)\.pid$/.exec(f)?.[1])
    .filter(Boolean);
}

export const external = () => process.env.KAFKA_BROKERS || null;
export const localUrl = () =>
  nodes()
    .map((n) => `${HOST}:${n.port}`)
    .join(',');
export const ports = () =>
  nodes().flatMap((n) => {
    const which = n.daemon === name ? '' : ` ${n.id}`;
    return [
      { port: n.port, what: `broker${which}`, env: 'KAFKA_PORT', daemon: n.daemon },
      { port: n.controllerPort, what: `controller${which}`, env: 'KAFKA_CONTROLLER_PORT', daemon: n.daemon },
    ];
  });
/** Every node of the cluster runs. */
export const running = () => nodes().every((n) => isRunning(n.daemon));
/** Some Kafka daemon of this checkout runs, of whatever cluster size. */
export const anyRunning = () => daemonsOnRecord().some(isRunning);

const pomHash = () => createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
const needsProvision = () => !fs.existsSync(LIBS_STAMP) || fs.readFileSync(LIBS_STAMP, 'utf8') !== pomHash();

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** Missing prerequisites, as errors; checked before anything starts. */
export function check() {
  const problems = [];
  let count;
  try {
    count = brokerCount();
  } catch (err) {
    return [err];
  }
  const wanted = new Set(nodes(count).map((n) => n.daemon));
  const other = daemonsOnRecord().filter((d) => isRunning(d) && !wanted.has(d));
  if (other.length) {
    problems.push(
      new InfraError(
        `kafka: ${count === 1 ? 'a single broker' : `a cluster of ${count}`} was asked for, but ${other.join(', ')} of another cluster size already run${other.length === 1 ? 's' : ''}`,
        'stop it first with `npm run infra -- down` (or `npm stop`), or ask for the size that runs (--brokers / KAFKA_BROKER_COUNT)',
      ),
    );
  }
  const all = ports();
  const clash = all.find((p, i) => all.findIndex((q) => q.port === p.port) !== i);
  if (clash) {
    problems.push(
      new InfraError(
        `kafka: port ${clash.port} falls to two nodes of the cluster (node i takes KAFKA_PORT + 2(i-1) and KAFKA_CONTROLLER_PORT + 2(i-1))`,
        'move KAFKA_CONTROLLER_PORT at least 2 × (brokers - 1) + 1 away from KAFKA_PORT',
      ),
    );
  }
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
  say(name, `${fs.readdirSync(LIBS).length - 1} jars in ${path.relative(ROOT, LIBS)} (${seconds(started)})`);
}

/** The super user: the nodes among themselves, the topics job, and the test and bench tools. */
const ADMIN = 'admin';
const adminPassword = () => kafkaPrincipals().find((p) => p.name === ADMIN).password;

/**
 * Every client signs in (SASL_PLAINTEXT: SCRAM-SHA-256 on the client
 * listener, whose credentials `formatOnce` writes into the metadata log; the
 * nodes' controller listener takes the admin with PLAIN, SCRAM being
 * unavailable there), and the StandardAuthorizer allows only what an ACL
 * grants (the topics job grants each service its own: kafka-acls.ts).
 */
function securityProps() {
  const password = adminPassword();
  return {
    'listener.security.protocol.map': 'CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'CLIENT',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-256',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.client.sasl.enabled.mechanisms': 'SCRAM-SHA-256',
    'listener.name.client.scram-sha-256.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${ADMIN}" password="${password}";`,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="${ADMIN}" password="${password}" user_${ADMIN}="${password}";`,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${ADMIN}`,
    'allow.everyone.if.no.acl.found': false,
  };
}

function writeConfig(node, cluster) {
  const count = cluster.length;
  fs.mkdirSync(dataDir(node), { recursive: true });
  const props = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': cluster.map((n) => `${n.id}@${HOST}:${n.controllerPort}`).join(','),
    listeners: `CLIENT://${HOST}:${node.port},CONTROLLER://${HOST}:${node.controllerPort}`,
    'advertised.listeners': `CLIENT://${HOST}:${node.port}`,
    ...securityProps(),
    'log.dirs': dataDir(node),
    'num.partitions': 3,
    'default.replication.factor': replicationFactor(count),
    'min.insync.replicas': minInsyncReplicas(count),
    'auto.create.topics.enable': false,
    'offsets.topic.replication.factor': replicationFactor(count),
    // 50 partitions by default; fewer make the first consumer-group join on one node much faster
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replicationFactor(count),
    'transaction.state.log.min.isr': minInsyncReplicas(count),
    'transaction.state.log.num.partitions': 10,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 2,
    'log.retention.hours': 168,
  };
  fs.writeFileSync(
    path.join(node.dir, 'server.properties'),
    Object.entries(props)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n',
    { mode: 0o600 }, // the admin's password is in it
  );
  fs.writeFileSync(
    path.join(node.dir, 'log4j.properties'),
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${path.join(LOG_DIR, `${node.log}.log`)}`,
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

const dataDir = (node) => path.join(node.dir, 'data');

const javaArgs = (node, ...rest) => [
  `-Dlog4j.configuration=file:${path.join(node.dir, 'log4j.properties')}`,
  `-Dkafka.logs.dir=${LOG_DIR}`,
  '-Djava.awt.headless=true',
  '-cp',
  path.join(LIBS, '*'),
  ...rest,
];

/**
 * Formats a node's KRaft storage once. The cluster id is kept beside the
 * cluster's nodes (.infra/kafka/cluster-id for the single broker), so every
 * node of a cluster is formatted with the same one.
 */
async function formatOnce(node) {
  const principals = kafkaPrincipals();
  const credentialsFile = path.join(node.dir, 'credentials.sha256');
  const credentials = createHash('sha256')
    .update(principals.map((p) => `${p.name}:${p.password}`).join('\n'))
    .digest('hex');
  if (fs.existsSync(path.join(dataDir(node), 'meta.properties'))) {
    if (readOr(credentialsFile, '') === credentials) return;
    // Formatted before SASL, or before a principal was added: SCRAM credentials are written at format time.
    say(node.daemon, 'storage predates these Kafka principals: formatting it afresh (local topics start empty)…');
    fs.rmSync(dataDir(node), { recursive: true, force: true });
    fs.mkdirSync(dataDir(node), { recursive: true });
  }
  const idFile = path.join(node.daemon === name ? node.dir : path.dirname(node.dir), 'cluster-id');
  if (!fs.existsSync(idFile)) fs.writeFileSync(idFile, randomBytes(16).toString('base64url'));
  const clusterId = fs.readFileSync(idFile, 'utf8').trim();
  say(node.daemon, `formatting storage (cluster id ${clusterId})…`);
  const args = javaArgs(
    node,
    'kafka.tools.StorageTool',
    'format',
    '--config',
    path.join(node.dir, 'server.properties'),
    '--cluster-id',
    clusterId,
    '--ignore-formatted',
    ...principals.flatMap((p) => ['--add-scram', `SCRAM-SHA-256=[name=${p.name},password=${p.password}]`]),
  );
  await run('java', args, { logFile: path.join(LOG_DIR, `${node.log}-format.log`) });
  fs.writeFileSync(credentialsFile, credentials);
}

/** Starts every node of the cluster that is not running (all, or one that was killed). */
export async function start() {
  const cluster = nodes();
  const missing = cluster.filter((n) => !isRunning(n.daemon));
  if (missing.length === 0) return { pid: pidsOf(cluster), reused: true, started: [] };
  if (cluster.length > 1) {
    fs.mkdirSync(RUN_DIR, { recursive: true });
    fs.writeFileSync(CLUSTER_SIZE_FILE, `${cluster.length}\n`);
  }
  for (const node of missing) fs.mkdirSync(node.dir, { recursive: true });
  await Promise.all(
    missing.map(async (node) => {
      writeConfig(node, cluster);
      await formatOnce(node);
    }),
  );
  const heap = process.env.KAFKA_HEAP || '512m';
  const jvm = [`-Xms${heap}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError'];
  for (const node of missing) {
    startDaemon({
      name: node.daemon,
      command: 'java',
      args: [...jvm, ...javaArgs(node, 'kafka.Kafka', path.join(node.dir, 'server.properties'))],
      logFile: path.join(LOG_DIR, `${node.log}.out.log`),
    });
  }
  return { pid: pidsOf(cluster), reused: false, started: missing.map((n) => n.daemon) };
}

const pidsOf = (cluster) => cluster.map((n) => runningPid(n.daemon) ?? '-').join(', ');

/** Every node answers metadata listing every broker of the cluster: the port alone is not enough. */
export async function ready() {
  const cluster = nodes();
  await Promise.all(
    cluster.map((node) =>
      // A node killed with -9 recovers every partition's log before it rejoins:
      // tens of seconds on a busy machine, on top of the JVM's start.
      waitFor(
        async () =>
          (await liveBrokers({ port: node.port, host: HOST, username: ADMIN, password: adminPassword() })) >=
          cluster.length,
        {
          timeoutMs: 180_000,
          intervalMs: 300,
          what: `Kafka metadata on ${HOST}:${node.port} listing ${cluster.length} broker${cluster.length > 1 ? 's' : ''} (logs: .infra/logs/${node.log}.log, ${node.log}.out.log)`,
          name: node.daemon,
        },
      ),
    ),
  );
}

/**
 * Stops every Kafka node this checkout runs, whatever cluster size it was
 * started with; or only `daemons` (what a failed `up` started, leaving the
 * nodes that ran before it).
 */
export async function stop(daemons = daemonsOnRecord()) {
  const stopped = await Promise.all(daemons.map((d) => stopDaemon(d, { timeoutMs: 20_000 })));
  if (!anyRunning()) fs.rmSync(CLUSTER_SIZE_FILE, { force: true });
  const pids = stopped.filter(Boolean);
  return pids.length ? pids.join(', ') : null;
}

export function status() {
  const cluster = nodes();
  if (cluster.length === 1) {
    const pid = runningPid(name);
    if (pid) return `running (pid ${pid}) on ${localUrl()}`;
    return needsProvision() ? 'stopped (not provisioned)' : 'stopped';
  }
  const each = cluster.map((n) => {
    const pid = runningPid(n.daemon);
    return `${n.daemon} ${pid ? `running (pid ${pid})` : 'stopped'} on ${HOST}:${n.port}`;
  });
  return `${cluster.length} brokers: ${each.join('; ')}`;
}
