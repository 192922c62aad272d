import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { parseAllDocuments, parseDocument } from 'yaml';
import services from '../../libs/common/src/services.json';
import { HealthController } from '../../libs/health/src/health.controller';
import { GatewayHealthController } from '../../apps/api-gateway/src/health/gateway-health.controller';

/**
 * The Helm chart (deploy/helm/commercex), checked offline: helm lint and
 * helm template, every rendered object decoded strictly against the pinned
 * Kubernetes API (deploy/validate), and what the rendered objects promise.
 * Helm and the validator are built with Go on the first run
 * (scripts/deploy-tools.mjs, into .infra/bin) and reused afterwards.
 */
const ROOT = join(__dirname, '../..');
const CHART = join(ROOT, 'deploy/helm/commercex');
const PRODUCTION = join(CHART, 'values-production.yaml');
const SERVICE_NAMES = Object.keys(services) as (keyof typeof services)[];
const CONSUMERS = SERVICE_NAMES.filter((name) => services[name].consumesEvents);
const RELEASE = 'shop';

// Test values, not secrets: they exist only in this spec's renders.
const SECRET_VALUES = {
  'secrets.jwtSecret': 'chart-spec-only-9f2c1e7b4a6d8035e1c9b7a2f4d6e8c0',
  'secrets.adminPassword': 'chart-spec-only-admin-password',
  'secrets.smtpUrl': 'smtp://chart-spec:only@mail.test:587',
};
const setFlags = (values: Record<string, string | number>) =>
  Object.entries(values).flatMap(([key, value]) => ['--set-string', `${key}=${value}`]);

interface Tools {
  helm: string;
  validator: string;
  kubeVersion: string;
}
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  [key: string]: any;
};

let tools: Tools;

// Each test runs helm as a child process, a second or more on a busy 2-core machine: room, not a threshold.
jest.setTimeout(60_000);

/** Builds Helm and the validator if they are not built yet: minutes the first time, instant afterwards. */
function buildTools(): Promise<Tools> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/deploy-tools.mjs')], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as Tools)
        : reject(new Error(`scripts/deploy-tools.mjs failed:\n${stderr}`)),
    );
  });
}

const helm = (...args: string[]): Run => {
  const res = spawnSync(tools.helm, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
};

function template(...args: string[]): Run {
  return helm('template', RELEASE, CHART, '--kube-version', tools.kubeVersion, ...args);
}

function render(...args: string[]): K8sObject[] {
  const res = template(...args);
  if (res.status !== 0) throw new Error(`helm template failed:\n${res.stderr}`);
  return parseAllDocuments(res.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

function validate(manifests: string): Run {
  const res = spawnSync(tools.validator, [], { input: manifests, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render`);
  return found;
};
const objectName = (service: string) => `${RELEASE}-${service}`;
const podSpecs = (objects: K8sObject[]) =>
  [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((o) => ({
    name: `${o.kind} ${o.metadata.name}`,
    spec: o.spec.template.spec,
  }));
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('the Helm chart (deploy/helm/commercex)', () => {
  let defaults: K8sObject[];
  let production: K8sObject[];

  beforeAll(
    async () => {
      tools = await buildTools();
      defaults = render(...setFlags(SECRET_VALUES));
      production = render('-f', PRODUCTION);
    },
    30 * 60 * 1000,
  );

  describe('offline checks', () => {
    it('passes helm lint --strict with the default values and with the production-like file', () => {
      for (const args of [setFlags(SECRET_VALUES), ['-f', PRODUCTION]]) {
        const res = helm('lint', CHART, '--strict', '--kube-version', tools.kubeVersion, ...args);
        expect(res.stdout).toContain('0 chart(s) failed');
        expect(res.status).toBe(0);
      }
    });

    it.each([
      ['the default values', () => template(...setFlags(SECRET_VALUES))],
      ['the production-like values', () => template('-f', PRODUCTION)],
    ])('renders objects that all decode strictly against the pinned Kubernetes API, with %s', (_, run) => {
      const rendered = run();
      expect(rendered.status).toBe(0);
      const res = validate(rendered.stdout);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const objects = parseAllDocuments(rendered.stdout).filter((doc) => doc.toJS() !== null).length;
      expect(res.stdout).toContain(`${objects} objects valid`);
    });

    it('pins the validator to the Kubernetes release Helm renders for', () => {
      const goMod = readFileSync(join(ROOT, 'deploy/validate/go.mod'), 'utf8');
      const minor = tools.kubeVersion.split('.')[1];
      expect(goMod).toMatch(new RegExp(`k8s\\.io/api v0\\.${minor}\\.\\d+`));
      expect(goMod).toMatch(new RegExp(`k8s\\.io/apimachinery v0\\.${minor}\\.\\d+`));
    });
  });

  describe('the validator is strict', () => {
    const deployment = () => structuredClone(named(defaults, 'Deployment', objectName('order-service')));
    const yaml = (object: unknown) => parseDocument(JSON.stringify(object)).toString();

    it('accepts a rendered Deployment as it is', () => {
      expect(validate(yaml(deployment())).status).toBe(0);
    });

    it('refuses an unknown field, naming it', () => {
      const object = deployment();
      object.spec.template.spec.containers[0].readinesProbe = object.spec.template.spec.containers[0].readinessProbe;
      const res = validate(yaml(object));
      expect(res.status).toBe(1);
      expect(res.stdout).toContain('unknown field "spec.template.spec.containers[0].readinesProbe"');
    });

    it('refuses a field of the wrong type, a malformed quantity and a field in the wrong case', () => {
      const wrongType = deployment();
      wrongType.spec.replicas = 'two';
      const badQuantity = deployment();
      badQuantity.spec.template.spec.containers[0].resources.limits.memory = '512 MB';
      const wrongCase = deployment();
      wrongCase.spec.template.spec.TerminationGracePeriodSeconds = 30;
      for (const object of [wrongType, badQuantity, wrongCase]) {
        const res = validate(yaml(object));
        expect(res.status).toBe(1);
        expect(res.stdout).toContain(`FAIL apps/v1 Deployment "${objectName('order-service')}"`);
      }
    });

    it('refuses a kind or an apiVersion the pinned API does not have', () => {
      const hpa = structuredClone(named(defaults, 'HorizontalPodAutoscaler', objectName('order-service')));
      hpa.apiVersion = 'autoscaling/v2beta1'; // removed in Kubernetes 1.25
      const res = validate(yaml(hpa));
      expect(res.status).toBe(1);
      expect(res.stdout).toContain('not a kind of the pinned Kubernetes API');
    });
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const info = services[name];

    it('is a Deployment of the one image, running its own app, and a Service on the port of services.json', () => {
      const pod = named(defaults, 'Deployment', objectName(name)).spec.template.spec;
      const [container] = pod.containers;
      expect(pod.containers).toHaveLength(1);
      expect(container.image).toBe('commercex:0.1.0');
      expect(container.env).toContainEqual({ name: 'SERVICE', value: name });
      expect(container.ports).toEqual([{ name: 'http', containerPort: info.port, protocol: 'TCP' }]);

      const service = named(defaults, 'Service', objectName(name));
      expect(service.spec.ports).toEqual([{ name: 'http', port: info.port, targetPort: 'http', protocol: 'TCP' }]);
      expect(
        matches(service.spec.selector, named(defaults, 'Deployment', objectName(name)).spec.template.metadata.labels),
      ).toBe(true);
      expect(service.spec.type).toBe('ClusterIP');
    });

    it('probes liveness on /health/live and readiness on /health/ready, on the port it listens on', () => {
      const [container] = named(defaults, 'Deployment', objectName(name)).spec.template.spec.containers;
      const portOf = (port: string | number) =>
        typeof port === 'number' ? port : container.ports.find((p: { name: string }) => p.name === port)?.containerPort;
      for (const [probe, path] of [
        ['startupProbe', '/health/live'],
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
      ]) {
        expect(container[probe].httpGet.path).toBe(path);
        expect(portOf(container[probe].httpGet.port)).toBe(info.port);
      }
    });

    it('has CPU and memory requests and limits, the requests within the limits', () => {
      const { resources } = named(defaults, 'Deployment', objectName(name)).spec.template.spec.containers[0];
      for (const resource of ['cpu', 'memory']) {
        expect(resources.requests[resource]).toBeDefined();
        expect(resources.limits[resource]).toBeDefined();
        expect(quantity(resources.requests[resource])).toBeLessThanOrEqual(quantity(resources.limits[resource]));
      }
    });

    it('has an autoscaler on CPU and a disruption budget', () => {
      const hpa = named(defaults, 'HorizontalPodAutoscaler', objectName(name));
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(name) });
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      const pdb = named(defaults, 'PodDisruptionBudget', objectName(name));
      expect(
        matches(
          pdb.spec.selector.matchLabels,
          named(defaults, 'Deployment', objectName(name)).spec.template.metadata.labels,
        ),
      ).toBe(true);
    });

    it('reads the secrets it needs from the Secret, and no others', () => {
      const { env } = named(defaults, 'Deployment', objectName(name)).spec.template.spec.containers[0];
      const fromSecret = env
        .filter((e: any) => e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional)
        .map((e: any) => e.name)
        .sort();
      const expected = ['JWT_SECRET'];
      if (info.database) expected.push('MONGO_URL');
      if (info.redis) expected.push('REDIS_URL');
      if (name === 'user-service') expected.push('ADMIN_PASSWORD');
      if (name === 'notification-service') expected.push('SMTP_URL');
      expect(fromSecret).toEqual(expected.sort());
    });
  });

  describe('health probes', () => {
    it('use the paths the health controllers serve', () => {
      for (const controller of [HealthController, GatewayHealthController]) {
        expect(Reflect.getMetadata(PATH_METADATA, controller)).toBe('health');
        expect(Reflect.getMetadata(PATH_METADATA, controller.prototype.live)).toBe('live');
        expect(Reflect.getMetadata(PATH_METADATA, controller.prototype.ready)).toBe('ready');
      }
    });
  });

  describe('autoscaling and partitions', () => {
    const hpaMax = (objects: K8sObject[], name: string) =>
      named(objects, 'HorizontalPodAutoscaler', objectName(name)).spec.maxReplicas as number;
    const topicsJobPartitions = (objects: K8sObject[]) =>
      named(objects, 'Job', `${RELEASE}-kafka-topics`).spec.template.spec.containers[0].env.find(
        (e: { name: string }) => e.name === 'KAFKA_PARTITIONS',
      ).value;

    it('caps every consumer at the partition count that the topics Job and the services create topics with', () => {
      for (const [objects, partitions] of [
        [defaults, 3],
        [production, 12],
      ] as const) {
        expect(topicsJobPartitions(objects)).toBe(String(partitions));
        expect(named(objects, 'ConfigMap', `${RELEASE}-config`).data.KAFKA_PARTITIONS).toBe(String(partitions));
        for (const name of CONSUMERS) expect(hpaMax(objects, name)).toBeLessThanOrEqual(partitions);
      }
      // By default a consumer may grow to the partition count, and follows it.
      for (const name of CONSUMERS) expect(hpaMax(defaults, name)).toBe(3);
      const five = render(...setFlags({ ...SECRET_VALUES, 'kafka.partitions': 5 }));
      expect(topicsJobPartitions(five)).toBe('5');
      for (const name of CONSUMERS) expect(hpaMax(five, name)).toBe(5);
      // A lower cap of its own stands (payment-service in the production file).
      expect(hpaMax(production, 'payment-service')).toBe(6);
    });

    it('refuses a consumer maxReplicas above the partition count, naming both values', () => {
      const res = template(
        ...setFlags({ ...SECRET_VALUES, 'kafka.partitions': 3, 'services.order-service.autoscaling.maxReplicas': 4 }),
      );
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('services.order-service.autoscaling.maxReplicas (4) is above kafka.partitions (3)');
    });

    it('leaves replicas to the autoscaler, and sets them when it is off', () => {
      expect(named(defaults, 'Deployment', objectName('order-service')).spec.replicas).toBeUndefined();
      const fixed = render(
        ...setFlags({ ...SECRET_VALUES, 'services.order-service.replicas': 2 }),
        '--set',
        'services.order-service.autoscaling.enabled=false',
      );
      expect(named(fixed, 'Deployment', objectName('order-service')).spec.replicas).toBe(2);
      expect(
        fixed.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === objectName('order-service')),
      ).toBeUndefined();
    });
  });

  describe('secrets', () => {
    it.each([
      ['secrets.jwtSecret', 'JWT_SECRET'],
      ['secrets.adminPassword', 'ADMIN_PASSWORD'],
      ['secrets.smtpUrl', 'SMTP_URL'],
    ])('refuses to render without %s, naming the value', (value) => {
      const others = Object.fromEntries(Object.entries(SECRET_VALUES).filter(([key]) => key !== value));
      const res = template(...setFlags(others));
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain(`${value} is required`);
      expect(res.stdout).toBe('');
    });

    it('puts exactly the given values in the Secret, never a default', () => {
      const secret = named(defaults, 'Secret', `${RELEASE}-secrets`);
      expect(secret.stringData).toMatchObject({
        JWT_SECRET: SECRET_VALUES['secrets.jwtSecret'],
        ADMIN_PASSWORD: SECRET_VALUES['secrets.adminPassword'],
        SMTP_URL: SECRET_VALUES['secrets.smtpUrl'],
      });
      const values = parseDocument(readFileSync(join(CHART, 'values.yaml'), 'utf8')).toJS();
      expect(values.secrets).toMatchObject({ jwtSecret: '', adminPassword: '', smtpUrl: '' });
    });

    it('reads an existing Secret instead of making one (the production-like file)', () => {
      expect(ofKind(production, 'Secret')).toEqual([]);
      for (const { spec } of podSpecs(production).filter((p) => p.name.startsWith('Deployment'))) {
        for (const e of spec.containers[0].env.filter((e: any) => e.valueFrom?.secretKeyRef))
          expect(e.valueFrom.secretKeyRef.name).toBe('commercex-secrets');
      }
    });
  });

  describe('Kafka sign-in (kafka.sasl)', () => {
    const PRINCIPALS = SERVICE_NAMES.filter((name) => services[name].kafkaPrincipal);
    const passwords = Object.fromEntries(
      [...PRINCIPALS, 'admin'].map((name) => [`secrets.kafkaPasswords.${name}`, `chart-spec-only-kafka-${name}`]),
    );
    let secured: K8sObject[];
    beforeAll(() => {
      secured = render(...setFlags({ ...SECRET_VALUES, ...passwords, 'kafka.sasl.mechanism': 'scram-sha-256' }));
    });
    const envOf = (objects: K8sObject[], kind: string, name: string) =>
      named(objects, kind, name).spec.template.spec.containers[0].env as any[];

    it('signs each service that uses Kafka in as its own principal, with its password from the Secret', () => {
      expect(named(secured, 'ConfigMap', `${RELEASE}-config`).data.KAFKA_SASL_MECHANISM).toBe('scram-sha-256');
      for (const name of SERVICE_NAMES) {
        const env = envOf(secured, 'Deployment', objectName(name));
        const user = env.find((e) => e.name === 'KAFKA_SASL_USERNAME');
        const password = env.find((e) => e.name === 'KAFKA_SASL_PASSWORD');
        if (!PRINCIPALS.includes(name)) {
          expect({ name, user, password }).toEqual({ name, user: undefined, password: undefined });
          continue;
        }
        expect(user.value).toBe(name);
        expect(password.valueFrom.secretKeyRef).toEqual({ name: `${RELEASE}-secrets`, key: `kafka-password-${name}` });
        expect(named(secured, 'Secret', `${RELEASE}-secrets`).stringData[`kafka-password-${name}`]).toBe(
          passwords[`secrets.kafkaPasswords.${name}`],
        );
      }
    });

    it('runs the topics Job as the admin principal, its password in a hook Secret made before it', () => {
      const env = envOf(secured, 'Job', `${RELEASE}-kafka-topics`);
      expect(env).toContainEqual({ name: 'KAFKA_SASL_USERNAME', value: 'admin' });
      const ref = env.find((e) => e.name === 'KAFKA_SASL_PASSWORD').valueFrom.secretKeyRef;
      const secret = named(secured, 'Secret', ref.name);
      expect(secret.stringData[ref.key]).toBe(passwords['secrets.kafkaPasswords.admin']);
      expect(Number(secret.metadata.annotations['helm.sh/hook-weight'])).toBeLessThan(
        Number(named(secured, 'Job', `${RELEASE}-kafka-topics`).metadata.annotations['helm.sh/hook-weight']),
      );
    });

    it("refuses to render without a principal's password, naming the value", () => {
      const { 'secrets.kafkaPasswords.order-service': _left, ...others } = passwords;
      const res = template(...setFlags({ ...SECRET_VALUES, ...others, 'kafka.sasl.mechanism': 'scram-sha-256' }));
      expect(res.status).not.toBe(0);
      expect(res.stderr).toContain('secrets.kafkaPasswords.order-service is required with kafka.sasl.mechanism');
    });

    it('sets no SASL by default, and SCRAM over TLS in the production-like file', () => {
      expect(named(defaults, 'ConfigMap', `${RELEASE}-config`).data.KAFKA_SASL_MECHANISM).toBeUndefined();
      expect(named(production, 'ConfigMap', `${RELEASE}-config`).data).toMatchObject({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_TLS: 'true',
      });
    });

    it('renders objects the strict validator accepts', () => {
      const res = template(...setFlags({ ...SECRET_VALUES, ...passwords, 'kafka.sasl.mechanism': 'scram-sha-256' }));
      const checked = validate(res.stdout);
      expect({ status: checked.status, stderr: checked.stderr }).toEqual({ status: 0, stderr: '' });
    });
  });

  describe('runtime settings', () => {
    it('listens on every interface in the pod, and points the gateway and order-service at the Services', () => {
      expect(named(defaults, 'ConfigMap', `${RELEASE}-config`).data.HOST).toBe('0.0.0.0');
      const urls = { ...named(defaults, 'ConfigMap', objectName('api-gateway')).data };
      for (const name of SERVICE_NAMES.filter((n) => n !== 'api-gateway')) {
        const variable = `${name.toUpperCase().replaceAll('-', '_')}_URL`;
        expect(urls[variable]).toBe(`http://${objectName(name)}:${services[name].port}`);
      }
      expect(named(defaults, 'ConfigMap', objectName('order-service')).data.PRODUCT_SERVICE_URL).toBe(
        `http://${objectName('product-service')}:${services['product-service'].port}`,
      );
    });

    it("creates the topics in a pre-install and pre-upgrade hook, with the image's kafka-topics app", () => {
      const job = named(defaults, 'Job', `${RELEASE}-kafka-topics`);
      expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'SERVICE', value: 'kafka-topics' });
      // The one image builds every Nest project (`nest build --all`), so dist/apps/kafka-topics/main.js is in it.
      const nest = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));
      expect(nest.projects['kafka-topics']).toMatchObject({ type: 'application', entryFile: 'main' });
      expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain('nest build --all');
    });
  });

  describe('pod security', () => {
    it.each([
      ['default', () => defaults],
      ['production-like', () => production],
    ])('runs nothing as root, on a read-only root file system (%s values)', (_, objects) => {
      for (const { name, spec } of podSpecs(objects())) {
        expect([name, spec.securityContext.runAsNonRoot]).toEqual([name, true]);
        expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
        expect(spec.automountServiceAccountToken).toBe(false);
        for (const container of spec.containers) {
          expect(container.securityContext.runAsUser ?? spec.securityContext.runAsUser).toBeGreaterThan(0);
          expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
          expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
          expect(container.securityContext.capabilities.drop).toEqual(['ALL']);
        }
      }
    });

    it('gives the services a writable LOG_DIR, where they write their log file', () => {
      const logDir = named(defaults, 'ConfigMap', `${RELEASE}-config`).data.LOG_DIR;
      for (const deployment of ofKind(defaults, 'Deployment')) {
        const mounts = deployment.spec.template.spec.containers[0].volumeMounts;
        expect(mounts).toContainEqual({ name: 'logs', mountPath: logDir });
        expect(deployment.spec.template.spec.volumes).toContainEqual(
          expect.objectContaining({ name: 'logs', emptyDir: {} }),
        );
      }
    });

    it("stops gracefully: a preStop pause, then Nest's shutdown within the grace period", () => {
      for (const deployment of ofKind(defaults, 'Deployment')) {
        const { spec } = deployment.spec.template;
        const pause = Number(spec.containers[0].lifecycle.preStop.exec.command[1]);
        expect(pause).toBeGreaterThan(0);
        expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(pause);
      }
    });
  });

  describe('network policies', () => {
    const policyOf = (objects: K8sObject[], name: string) => named(objects, 'NetworkPolicy', objectName(name));
    const componentsIn = (peers: any[]) =>
      peers.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component']);

    it('select every pod of the release', () => {
      const policies = ofKind(defaults, 'NetworkPolicy');
      for (const { spec } of [...ofKind(defaults, 'Deployment'), ...ofKind(defaults, 'Job')]) {
        const labels = spec.template.metadata.labels;
        expect(policies.some((p) => matches(p.spec.podSelector.matchLabels, labels))).toBe(true);
      }
    });

    it('let anyone reach the gateway, and only the gateway (and order-service, for prices) reach the services', () => {
      const gateway = policyOf(defaults, 'api-gateway');
      expect(gateway.spec.ingress).toEqual([{ ports: [{ port: 8000, protocol: 'TCP' }] }]);
      for (const name of SERVICE_NAMES.filter((n) => n !== 'api-gateway')) {
        const { ingress } = policyOf(defaults, name).spec;
        expect(ingress).toHaveLength(1);
        expect(ingress[0].ports).toEqual([{ port: services[name].port, protocol: 'TCP' }]);
        const callers = name === 'product-service' ? ['api-gateway', 'order-service'] : ['api-gateway'];
        expect(componentsIn(ingress[0].from)).toEqual(callers);
      }
    });

    it('let each service out to DNS and to what it uses: Kafka (the gateway for its console), MongoDB, Redis, the services it calls', () => {
      const ports = (name: string) =>
        policyOf(defaults, name).spec.egress.flatMap((rule: any) => rule.ports.map((p: { port: number }) => p.port));
      for (const name of SERVICE_NAMES) {
        const info = services[name];
        const out = ports(name);
        expect(out).toContain(53);
        // The gateway too: the operator console's admin APIs read consumer lag and dead letters.
        expect(out.includes(9092)).toBe(info.kafka || name === 'api-gateway');
        expect(out.includes(27017)).toBe(info.database !== null);
        expect(out.includes(6379)).toBe(info.redis);
      }
      const calls = (name: string) =>
        policyOf(defaults, name).spec.egress.flatMap((rule: any) => componentsIn(rule.to ?? []).filter(Boolean));
      expect(calls('api-gateway').sort()).toEqual(SERVICE_NAMES.filter((n) => n !== 'api-gateway').sort());
      expect(calls('order-service')).toEqual(['product-service']);
      expect(calls('payment-service')).toEqual([]);
    });

    it('narrow the gateway to its ingress controller when told to (the production-like file)', () => {
      const [rule] = policyOf(production, 'api-gateway').spec.ingress;
      expect(rule.from).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      ]);
    });
  });
});

/** A Kubernetes quantity in its base unit (cores, bytes), for the forms the chart uses. */
function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`unexpected quantity ${value}`);
  const scale = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] as string] ?? 1;
  return Number(match[1]) * scale;
}
