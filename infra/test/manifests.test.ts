/**
 * Checks the deployment files in infra/ against each other and against the repository.
 *
 * Nothing here needs a cluster or Docker. What it catches is the kind of mistake that otherwise
 * shows up only at 2 a.m. during a rollout: a manifest Kubernetes rejects, a probe path with a
 * typo, a Service pointing at a port nobody listens on, a Dockerfile starting a file that does not
 * exist, a secret committed in clear, rollout.sh applying things in the wrong order.
 *
 * Layout: the checks are plain functions that return a list of problems (empty = fine). The tests
 * run them on the real files and expect no problems; the last block runs them on deliberately
 * broken copies and expects problems, so a check that can never fail is noticed.
 *
 * Run: npx vitest run infra
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

// ---------------------------------------------------------------------------------------------
// The facts the files must agree with (from the app's README / the brief). Change them here first.
// ---------------------------------------------------------------------------------------------

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const INFRA = path.join(REPO, 'infra');
const K8S = path.join(INFRA, 'k8s');
const DOCKER = path.join(INFRA, 'docker');

const NAMESPACE = 'workcloud';
const SECRET_NAME = 'workcloud-secrets';
const CONFIGMAP_NAME = 'workcloud-config';

/** Health endpoints per Deployment: every Deployment must be listed here. */
const EXPECTED_PROBES: Record<string, { path: string; port: number } | { tcpPort: number }> = {
  backend: { path: '/api/health', port: 3000 },
  'tenant-provisioner': { path: '/health', port: 3100 },
  // Answered by nginx itself (infra/docker/nginx.conf).
  web: { path: '/healthz', port: 8080 },
  // optional/pgbouncer.yaml: no HTTP endpoint.
  pgbouncer: { tcpPort: 6432 },
};

/** Our images: Dockerfile in infra/docker, image name in the manifests, process entry point. */
const IMAGES = [
  { dockerfile: 'backend.Dockerfile', image: 'workcloud-backend', entry: 'backend/dist/main.js' },
  { dockerfile: 'provisioner.Dockerfile', image: 'workcloud-provisioner', entry: 'tenant-provisioner/dist/server.js' },
  // nginx image: entry point inherited from the base image.
  { dockerfile: 'web.Dockerfile', image: 'workcloud-web', entry: undefined },
] as const;

const MIGRATE_ARGS = ['node', 'tenant-provisioner/dist/cli.js', 'migrate-all', '--concurrency', '4'];

/**
 * Environment each process must get (by container name). `secrets` must come from the Secret and not
 * be optional: backend/src/config.ts falls back to DEVELOPMENT DEFAULTS when they are missing — a
 * well-known owner password, JWT secret, provisioner token — and all three processes create the owner
 * account at start (bootstrapPlatform). `values` are literal settings the process needs in a pod.
 */
const REQUIRED_ENV: Record<string, { secrets: string[]; values?: Record<string, string> }> = {
  backend: { secrets: ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'WORKCLOUD_OWNER_EMAIL', 'WORKCLOUD_OWNER_PASSWORD', 'PROVISIONER_TOKEN', 'DATA_ENCRYPTION_KEY'] },
  'tenant-provisioner': {
    secrets: ['DATABASE_URL', 'PROVISIONER_TOKEN', 'WORKCLOUD_OWNER_EMAIL', 'WORKCLOUD_OWNER_PASSWORD'],
    // tenant-provisioner/src/server.ts listens on 127.0.0.1 unless PROVISIONER_HOST says otherwise.
    values: { PROVISIONER_HOST: '0.0.0.0' },
  },
  migrate: { secrets: ['DATABASE_URL', 'WORKCLOUD_OWNER_EMAIL', 'WORKCLOUD_OWNER_PASSWORD'] },
};

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, any>;
interface Doc {
  file: string; // relative to infra/k8s
  obj: Obj;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

/** Every object in a multi-document YAML text. Syntax errors throw. */
function parseYaml(text: string, file: string): Doc[] {
  return parseAllDocuments(text).flatMap((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    const obj = d.toJS();
    return obj == null ? [] : [{ file, obj }];
  });
}

function loadK8s(): Doc[] {
  return yamlFiles(K8S).flatMap((f) => parseYaml(readFileSync(f, 'utf8'), path.relative(K8S, f)));
}

const read = (p: string) => readFileSync(p, 'utf8');
const id = (o: Obj) => `${o.kind}/${o.metadata?.name}`;
const clone = <T>(x: T): T => structuredClone(x);

// ---------------------------------------------------------------------------------------------
// Kubernetes schema checks
// ---------------------------------------------------------------------------------------------

/** apiVersion/kind -> kubernetes-models class and the name of its generated schema file. */
const KINDS: Record<string, { model: new (data: any) => { validate(): void }; schema: string; spec?: string }> = {
  'v1/Namespace': { model: Namespace, schema: 'IoK8sApiCoreV1Namespace' },
  'v1/ConfigMap': { model: ConfigMap, schema: 'IoK8sApiCoreV1ConfigMap' },
  'v1/Secret': { model: Secret, schema: 'IoK8sApiCoreV1Secret' },
  'v1/Service': { model: Service, schema: 'IoK8sApiCoreV1Service', spec: 'IoK8sApiCoreV1ServiceSpec' },
  'apps/v1/Deployment': { model: Deployment, schema: 'IoK8sApiAppsV1Deployment', spec: 'IoK8sApiAppsV1DeploymentSpec' },
  'batch/v1/Job': { model: Job, schema: 'IoK8sApiBatchV1Job', spec: 'IoK8sApiBatchV1JobSpec' },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    schema: 'IoK8sApiAutoscalingV2HorizontalPodAutoscaler',
    spec: 'IoK8sApiAutoscalingV2HorizontalPodAutoscalerSpec',
  },
  'networking.k8s.io/v1/Ingress': { model: Ingress, schema: 'IoK8sApiNetworkingV1Ingress', spec: 'IoK8sApiNetworkingV1IngressSpec' },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    schema: 'IoK8sApiNetworkingV1NetworkPolicy',
    spec: 'IoK8sApiNetworkingV1NetworkPolicySpec',
  },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    schema: 'IoK8sApiPolicyV1PodDisruptionBudget',
    spec: 'IoK8sApiPolicyV1PodDisruptionBudgetSpec',
  },
};

/** Types, required fields and enums, as the API server would check them (kubernetes-models). */
function checkSchemas(docs: Doc[]): string[] {
  return docs.flatMap(({ file, obj }) => {
    const kind = KINDS[`${obj.apiVersion}/${obj.kind}`];
    if (!kind) return [`${file}: ${obj.apiVersion} ${obj.kind} has no entry in KINDS of this test — add one`];
    try {
      new kind.model(obj).validate();
      return [];
    } catch (e) {
      return [`${file}: ${id(obj)} is invalid: ${(e as Error).message}`];
    }
  });
}

// kubernetes-models accepts unknown fields (the OpenAPI schemas allow them), but `kubectl apply`
// rejects them (strict field validation), and a misspelt optional field — `resource:` for
// `resources:` — would otherwise pass every other check. The generated validators list each
// object's known fields as `void 0===data.<field>`; read them from there.
const requireHere = createRequire(import.meta.url);
const schemaDir = path.join(path.dirname(requireHere.resolve('kubernetes-models/package.json')), '_schemas');
const fieldCache = new Map<string, Set<string>>();
function knownFields(schema: string): Set<string> {
  let fields = fieldCache.get(schema);
  if (!fields) {
    const file =
      schema === 'ObjectMeta'
        ? requireHere.resolve('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta')
        : path.join(schemaDir, `${schema}.js`);
    const source = read(file);
    fields = new Set([...source.matchAll(/void 0===data(?:\.([A-Za-z$_][\w$]*)|\["([^"]+)"\])/g)].map((m) => m[1] ?? m[2]));
    if (fields.size === 0) throw new Error(`could not read the fields of ${schema} from ${file}`);
    fieldCache.set(schema, fields);
  }
  return fields;
}

function checkUnknownFields(docs: Doc[]): string[] {
  const problems: string[] = [];
  const check = (where: string, value: unknown, schema: string) => {
    if (value == null || typeof value !== 'object') return;
    const known = knownFields(schema);
    for (const key of Object.keys(value)) {
      if (!known.has(key)) problems.push(`${where}: unknown field "${key}"`);
    }
  };
  const each = (where: string, list: unknown, schema: string, inner?: (w: string, item: Obj) => void) =>
    (Array.isArray(list) ? list : []).forEach((item, i) => {
      check(`${where}[${i}]`, item, schema);
      inner?.(`${where}[${i}]`, item);
    });
  const probe = (where: string, p: Obj | undefined) => {
    check(where, p, 'IoK8sApiCoreV1Probe');
    check(`${where}.httpGet`, p?.httpGet, 'IoK8sApiCoreV1HTTPGetAction');
  };

  for (const { file, obj } of docs) {
    const kind = KINDS[`${obj.apiVersion}/${obj.kind}`];
    if (!kind) continue; // reported by checkSchemas
    const at = `${file} ${id(obj)}`;
    check(at, obj, kind.schema);
    check(`${at} metadata`, obj.metadata, 'ObjectMeta');
    if (kind.spec) check(`${at} spec`, obj.spec, kind.spec);

    const template = obj.spec?.template;
    if (!template || !['Deployment', 'Job'].includes(obj.kind)) continue;
    check(`${at} template`, template, 'IoK8sApiCoreV1PodTemplateSpec');
    check(`${at} template.metadata`, template.metadata, 'ObjectMeta');
    const pod = template.spec ?? {};
    check(`${at} pod`, pod, 'IoK8sApiCoreV1PodSpec');
    check(`${at} pod.securityContext`, pod.securityContext, 'IoK8sApiCoreV1PodSecurityContext');
    each(`${at} pod.volumes`, pod.volumes, 'IoK8sApiCoreV1Volume');
    each(`${at} containers`, pod.containers, 'IoK8sApiCoreV1Container', (w, c) => {
      each(`${w}.ports`, c.ports, 'IoK8sApiCoreV1ContainerPort');
      each(`${w}.env`, c.env, 'IoK8sApiCoreV1EnvVar', (we, e) => {
        check(`${we}.valueFrom`, e.valueFrom, 'IoK8sApiCoreV1EnvVarSource');
        check(`${we}.valueFrom.secretKeyRef`, e.valueFrom?.secretKeyRef, 'IoK8sApiCoreV1SecretKeySelector');
      });
      each(`${w}.envFrom`, c.envFrom, 'IoK8sApiCoreV1EnvFromSource');
      each(`${w}.volumeMounts`, c.volumeMounts, 'IoK8sApiCoreV1VolumeMount');
      probe(`${w}.startupProbe`, c.startupProbe);
      probe(`${w}.readinessProbe`, c.readinessProbe);
      probe(`${w}.livenessProbe`, c.livenessProbe);
      check(`${w}.resources`, c.resources, 'IoK8sApiCoreV1ResourceRequirements');
      check(`${w}.securityContext`, c.securityContext, 'IoK8sApiCoreV1SecurityContext');
      check(`${w}.lifecycle`, c.lifecycle, 'IoK8sApiCoreV1Lifecycle');
      check(`${w}.lifecycle.preStop`, c.lifecycle?.preStop, 'IoK8sApiCoreV1LifecycleHandler');
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Cross-object checks
// ---------------------------------------------------------------------------------------------

const ofKind = (docs: Doc[], kind: string) => docs.filter((d) => d.obj.kind === kind).map((d) => d.obj);
const podSpecOf = (o: Obj): Obj => o.spec?.template?.spec ?? {};
const containersOf = (o: Obj): Obj[] => podSpecOf(o).containers ?? [];
const allEnv = (docs: Doc[]) =>
  docs.flatMap(({ file, obj }) => containersOf(obj).flatMap((c) => (c.env ?? []).map((e: Obj) => ({ file, obj, c, e }))));

/** A Service/probe port (number or container port name) as a number, or undefined. */
function resolvePort(port: unknown, containers: Obj[]): number | undefined {
  if (typeof port === 'number') return port;
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

const selects = (selector: Obj | undefined, labels: Obj | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function checkProbes(docs: Doc[]): string[] {
  const problems: string[] = [];
  for (const d of ofKind(docs, 'Deployment')) {
    const expected = EXPECTED_PROBES[d.metadata.name];
    if (!expected) {
      problems.push(`Deployment ${d.metadata.name} has no entry in EXPECTED_PROBES of this test — add its health endpoint`);
      continue;
    }
    const containers = containersOf(d);
    for (const c of containers) {
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        const probe = c[kind];
        if (!probe) {
          if (kind !== 'startupProbe') problems.push(`${d.metadata.name}/${c.name}: no ${kind}`);
          continue;
        }
        if ('tcpPort' in expected) {
          const port = resolvePort(probe.tcpSocket?.port, containers);
          if (port !== expected.tcpPort) problems.push(`${d.metadata.name}/${c.name} ${kind}: expected a TCP check on ${expected.tcpPort}`);
          continue;
        }
        const path = probe.httpGet?.path;
        const port = resolvePort(probe.httpGet?.port, containers);
        if (path !== expected.path) problems.push(`${d.metadata.name}/${c.name} ${kind}: path ${path}, expected ${expected.path}`);
        if (port !== expected.port) problems.push(`${d.metadata.name}/${c.name} ${kind}: port ${port}, expected ${expected.port}`);
      }
    }
  }
  return problems;
}

/** Secrets are referenced, never committed, and always the one documented Secret. */
function checkSecrets(docs: Doc[], secretsDoc: string): string[] {
  const problems: string[] = [];
  for (const { file, obj } of docs) {
    if (obj.kind === 'Secret' && (obj.data || obj.stringData)) {
      problems.push(`${file}: Secret ${obj.metadata?.name} with data is committed — create it with kubectl (secrets.example.md)`);
    }
  }
  const referenced = new Set<string>();
  for (const { file, e } of allEnv(docs)) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      if (ref.name !== SECRET_NAME) problems.push(`${file}: ${e.name} reads secret "${ref.name}", expected "${SECRET_NAME}"`);
      referenced.add(ref.key);
    }
    // A literal value for something that looks like a credential is a secret in git.
    if (typeof e.value === 'string' && /PASSWORD|SECRET|TOKEN|_KEY$|DATABASE_URL|REDIS_URL|CLICKHOUSE_URL/.test(e.name)) {
      problems.push(`${file}: ${e.name} has a literal value; take it from ${SECRET_NAME}`);
    }
  }
  for (const { file, obj } of docs) {
    for (const c of containersOf(obj)) {
      for (const from of c.envFrom ?? []) {
        if (from.secretRef && from.secretRef.name !== SECRET_NAME) {
          problems.push(`${file}: envFrom secretRef "${from.secretRef.name}", expected "${SECRET_NAME}"`);
        }
      }
    }
  }
  // Every key the manifests read is documented, in the table and in the `kubectl create secret` command.
  const tableKeys = new Set(
    secretsDoc
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])),
  );
  const commandKeys = new Set([...secretsDoc.matchAll(/--from-literal=([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]));
  for (const key of referenced) {
    if (!tableKeys.has(key)) problems.push(`secret key ${key} is used but not in the table of secrets.example.md`);
    if (!commandKeys.has(key)) problems.push(`secret key ${key} is used but missing from the kubectl command in secrets.example.md`);
  }
  for (const key of tableKeys) if (!referenced.has(key)) problems.push(`secrets.example.md documents ${key}, which no manifest uses`);
  return problems;
}

function checkRequiredEnv(docs: Doc[]): string[] {
  const problems: string[] = [];
  const containers = docs.flatMap(({ file, obj }) => containersOf(obj).map((c) => ({ file, c })));
  for (const [name, required] of Object.entries(REQUIRED_ENV)) {
    const found = containers.filter(({ c }) => c.name === name);
    if (found.length === 0) problems.push(`no container named ${name}`);
    for (const { file, c } of found) {
      const env = new Map<string, Obj>((c.env ?? []).map((e: Obj) => [e.name, e]));
      for (const key of required.secrets) {
        const ref = env.get(key)?.valueFrom?.secretKeyRef;
        if (!ref) problems.push(`${file} ${name}: ${key} must come from ${SECRET_NAME}`);
        else if (ref.optional) problems.push(`${file} ${name}: ${key} must not be optional`);
      }
      for (const [key, value] of Object.entries(required.values ?? {})) {
        if (env.get(key)?.value !== value) problems.push(`${file} ${name}: needs ${key}=${value}`);
      }
    }
  }
  return problems;
}

/** What the restricted Pod Security profile (enforced on the namespace) and good sense require. */
function checkPodSecurity(docs: Doc[]): string[] {
  const problems: string[] = [];
  for (const { file, obj } of docs) {
    if (!['Deployment', 'Job'].includes(obj.kind)) continue;
    const pod = podSpecOf(obj);
    const at = `${file} ${id(obj)}`;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${at}: pod securityContext.runAsNonRoot must be true`);
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${at}: pod seccompProfile must be RuntimeDefault`);
    if (pod.automountServiceAccountToken !== false) problems.push(`${at}: automountServiceAccountToken should be false`);
    for (const c of pod.containers ?? []) {
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}/${c.name}: allowPrivilegeEscalation must be false`);
      if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${at}/${c.name}: capabilities must drop ALL`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}/${c.name}: readOnlyRootFilesystem should be true`);
      if (sc.runAsUser === 0 || sc.privileged) problems.push(`${at}/${c.name}: runs as root / privileged`);
      const r = c.resources ?? {};
      if (!r.requests?.cpu || !r.requests?.memory) problems.push(`${at}/${c.name}: needs resources.requests cpu and memory (the HPA and the scheduler use them)`);
      if (!r.limits?.memory) problems.push(`${at}/${c.name}: needs resources.limits.memory`);
    }
  }
  return problems;
}

/** Names, namespaces, images and the references between objects. */
function checkWiring(docs: Doc[]): string[] {
  const problems: string[] = [];
  const objs = docs.map((d) => d.obj);
  const deployments = ofKind(docs, 'Deployment');
  const services = ofKind(docs, 'Service');

  if (!objs.some((o) => o.kind === 'Namespace' && o.metadata?.name === NAMESPACE)) problems.push(`no Namespace ${NAMESPACE}`);
  for (const { file, obj } of docs) {
    if (obj.kind !== 'Namespace' && obj.metadata?.namespace !== NAMESPACE) {
      problems.push(`${file}: ${id(obj)} must set metadata.namespace: ${NAMESPACE}`);
    }
  }

  // Images: ours come from the release placeholders (rollout.sh), third-party ones are pinned.
  for (const { file, obj } of docs) {
    for (const c of containersOf(obj)) {
      const image: string = c.image ?? '';
      if (/\/workcloud-/.test(image)) {
        if (!/^__REGISTRY__\/workcloud-[a-z]+:__TAG__$/.test(image)) problems.push(`${file}: image ${image} must be __REGISTRY__/workcloud-<name>:__TAG__`);
        if (!IMAGES.some((i) => image.includes(`/${i.image}:`))) problems.push(`${file}: image ${image} is built by no Dockerfile in IMAGES`);
      } else if (!/:[\w.-]+$/.test(image) || image.endsWith(':latest')) {
        problems.push(`${file}: third-party image ${image} needs a fixed tag`);
      }
    }
  }

  const configMaps = new Set(ofKind(docs, 'ConfigMap').map((c) => c.metadata.name));
  for (const { file, obj } of docs) {
    for (const c of containersOf(obj)) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !configMaps.has(from.configMapRef.name)) problems.push(`${file}: envFrom ConfigMap ${from.configMapRef.name} does not exist`);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!(podSpecOf(obj).volumes ?? []).some((v: Obj) => v.name === m.name)) problems.push(`${file}: ${c.name} mounts undefined volume ${m.name}`);
      }
    }
  }

  // Deployments: selector matches own pod labels.
  for (const d of deployments) {
    if (!selects(d.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels)) {
      problems.push(`Deployment ${d.metadata.name}: selector does not match its pod labels`);
    }
  }

  // Services: select exactly one Deployment, and their targetPort is a port that Deployment declares.
  const deploymentOf = (selector: Obj | undefined) => deployments.filter((d) => selects(selector, d.spec?.template?.metadata?.labels));
  for (const s of services) {
    const targets = deploymentOf(s.spec?.selector);
    if (targets.length !== 1) {
      problems.push(`Service ${s.metadata.name} selects ${targets.length} Deployments, expected 1`);
      continue;
    }
    for (const p of s.spec.ports ?? []) {
      const port = resolvePort(p.targetPort ?? p.port, containersOf(targets[0]));
      const declared = containersOf(targets[0]).flatMap((c) => (c.ports ?? []).map((cp: Obj) => cp.containerPort));
      if (port === undefined || !declared.includes(port)) {
        problems.push(`Service ${s.metadata.name}: targetPort ${p.targetPort} is not a container port of ${targets[0].metadata.name}`);
      }
    }
  }

  // The ConfigMap's ports and PROVISIONER_URL agree with the Services.
  const config = ofKind(docs, 'ConfigMap').find((c) => c.metadata.name === CONFIGMAP_NAME)?.data ?? {};
  const servicePort = (name: string) => services.find((s) => s.metadata.name === name)?.spec?.ports?.[0]?.port;
  if (Number(config.PORT) !== servicePort('backend')) problems.push(`ConfigMap PORT ${config.PORT} ≠ backend Service port ${servicePort('backend')}`);
  if (Number(config.PROVISIONER_PORT) !== servicePort('tenant-provisioner')) {
    problems.push(`ConfigMap PROVISIONER_PORT ${config.PROVISIONER_PORT} ≠ tenant-provisioner Service port`);
  }
  const provisionerUrl = config.PROVISIONER_URL ? new URL(config.PROVISIONER_URL) : undefined;
  if (!provisionerUrl || Number(provisionerUrl.port) !== servicePort(provisionerUrl.hostname)) {
    problems.push(`PROVISIONER_URL ${config.PROVISIONER_URL} does not name a Service and its port`);
  }

  // Ingress: /api -> backend, / -> web, and every backend is an existing Service port.
  const ingresses = ofKind(docs, 'Ingress');
  if (ingresses.length !== 1) problems.push(`expected one Ingress, found ${ingresses.length}`);
  for (const ing of ingresses) {
    const paths = (ing.spec?.rules ?? []).flatMap((r: Obj) => r.http?.paths ?? []);
    const route = (p: string) => paths.find((x: Obj) => x.path === p)?.backend?.service;
    if (route('/api')?.name !== 'backend') problems.push('Ingress: /api must go to the backend Service');
    if (route('/')?.name !== 'web') problems.push('Ingress: / must go to the web Service');
    for (const p of paths) {
      const svc = services.find((s) => s.metadata.name === p.backend?.service?.name);
      if (!svc) problems.push(`Ingress ${p.path}: no Service ${p.backend?.service?.name}`);
      else if (!(svc.spec.ports ?? []).some((sp: Obj) => sp.port === p.backend.service.port?.number || sp.name === p.backend.service.port?.name)) {
        problems.push(`Ingress ${p.path}: Service ${svc.metadata.name} has no port ${JSON.stringify(p.backend.service.port)}`);
      }
    }
  }

  // Autoscaled Deployments leave `replicas` to the HPA (apply would reset it otherwise).
  for (const hpa of ofKind(docs, 'HorizontalPodAutoscaler')) {
    const target = deployments.find((d) => d.metadata.name === hpa.spec?.scaleTargetRef?.name);
    if (!target || hpa.spec.scaleTargetRef.kind !== 'Deployment') problems.push(`HPA ${hpa.metadata.name}: target Deployment not found`);
    else if (target.spec.replicas !== undefined) problems.push(`Deployment ${target.metadata.name} is autoscaled: remove spec.replicas`);
  }
  for (const name of ['backend', 'web']) {
    if (!ofKind(docs, 'HorizontalPodAutoscaler').some((h) => h.spec?.scaleTargetRef?.name === name)) problems.push(`no HPA for ${name}`);
  }
  for (const pdb of ofKind(docs, 'PodDisruptionBudget')) {
    if (deploymentOf(pdb.spec?.selector?.matchLabels).length !== 1) problems.push(`PDB ${pdb.metadata.name} selects no single Deployment`);
  }

  // The migration Job: right command, right image, direct database connection.
  const jobs = ofKind(docs, 'Job');
  if (jobs.length !== 1) problems.push(`expected one migration Job, found ${jobs.length}`);
  for (const job of jobs) {
    const [c] = containersOf(job);
    if (JSON.stringify(c?.args) !== JSON.stringify(MIGRATE_ARGS)) problems.push(`Job: args ${JSON.stringify(c?.args)}, expected ${JSON.stringify(MIGRATE_ARGS)}`);
    if (c?.command) problems.push('Job: use args, not command (command would bypass the image ENTRYPOINT, tini)');
    if (!String(c?.image).includes('/workcloud-provisioner:')) problems.push('Job: must run the provisioner image');
    const db = (c?.env ?? []).find((e: Obj) => e.name === 'DATABASE_URL');
    if (db?.valueFrom?.secretKeyRef?.key !== 'DATABASE_URL_DIRECT') problems.push('Job: DATABASE_URL must come from DATABASE_URL_DIRECT (migrations bypass PgBouncer)');
    if (podSpecOf(job).restartPolicy !== 'Never' || job.spec.backoffLimit !== 0) problems.push('Job: a failed migration must not be retried automatically');
    if (!job.spec.activeDeadlineSeconds) problems.push('Job: needs activeDeadlineSeconds (rollout.sh waits until it ends)');
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  instructions: Instruction[];
}

/** Just enough of the Dockerfile syntax for these checks: line continuations, comments, stages. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current.trim()) logical.push(current);
  const stages: Stage[] = [];
  for (const l of logical) {
    if (!l.trim()) continue;
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(l.trim())!;
    const ins = { op: op.toUpperCase(), args: args.trim() };
    if (ins.op === 'FROM') stages.push({ from: ins.args, instructions: [] });
    else if (stages.length) stages[stages.length - 1].instructions.push(ins);
  }
  return stages;
}

/** `X/dist/Y.js` is compiled from `X/src/Y.ts`. */
const sourceOf = (script: string) => script.replace('/dist/', '/src/').replace(/\.js$/, '.ts');

function workspacePackages(): Map<string, string> {
  const root = JSON.parse(read(path.join(REPO, 'package.json')));
  const dirs: string[] = (root.workspaces ?? []).flatMap((w: string) =>
    w.endsWith('/*')
      ? readdirSync(path.join(REPO, w.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${w.slice(0, -2)}/${e.name}`)
      : [w],
  );
  const byName = new Map<string, string>();
  for (const dir of dirs) {
    const pj = path.join(REPO, dir, 'package.json');
    if (existsSync(pj)) byName.set(JSON.parse(read(pj)).name, dir);
  }
  return byName;
}

function checkDockerfile(
  image: (typeof IMAGES)[number],
  text: string,
  docs: Doc[],
  fileExists: (repoPath: string) => boolean,
): string[] {
  const problems: string[] = [];
  const at = image.dockerfile;
  const stages = parseDockerfile(text);
  if (stages.length < 2) problems.push(`${at}: not multi-stage`);
  const final = stages[stages.length - 1];
  if (!final) return [`${at}: no FROM`];
  const last = (op: string) => [...final.instructions].reverse().find((i) => i.op === op);

  const user = last('USER')?.args;
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`${at}: the final stage must switch to a non-root USER`);

  if (!stages.some((s) => s.instructions.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args)))) problems.push(`${at}: dependencies must come from \`npm ci\``);

  // Workspaces named in `npm run build -w ...` exist.
  const workspaces = workspacePackages();
  for (const s of stages) {
    for (const i of s.instructions.filter((x) => x.op === 'RUN' && /npm run build/.test(x.args))) {
      for (const [, ws] of i.args.matchAll(/-w\s+(\S+)/g)) {
        if (!workspaces.has(ws) && !fileExists(ws)) problems.push(`${at}: \`-w ${ws}\` is neither a workspace name nor a folder`);
      }
    }
  }

  // The entry point: exec form, and the script is compiled from a source file in the repo.
  const cmd = last('CMD');
  if (image.entry) {
    let argv: string[] = [];
    try {
      argv = JSON.parse(cmd?.args ?? '');
    } catch {
      problems.push(`${at}: CMD must use the JSON (exec) form`);
    }
    if (argv[0] !== 'node' || argv[1] !== image.entry) problems.push(`${at}: CMD ${JSON.stringify(argv)}, expected ["node", "${image.entry}"]`);
    const script = argv[1] ?? '';
    if (!fileExists(sourceOf(script))) problems.push(`${at}: CMD runs ${script}, but its source ${sourceOf(script)} does not exist`);
    const distDir = script.split('/').slice(0, 2).join('/');
    if (!final.instructions.some((i) => i.op === 'COPY' && i.args.includes(distDir))) problems.push(`${at}: the final stage does not COPY ${distDir}`);
    const entrypoint = last('ENTRYPOINT')?.args ?? '';
    if (!entrypoint.includes('tini')) problems.push(`${at}: ENTRYPOINT should be tini, so SIGTERM reaches node`);
  }

  // EXPOSE matches the targetPort of the Service in front of the Deployment running this image.
  const exposed = (last('EXPOSE')?.args ?? '').split(/\s+/).filter(Boolean).map((p) => Number(p.split('/')[0]));
  const deployments = ofKind(docs, 'Deployment').filter((d) => containersOf(d).some((c) => String(c.image).includes(`/${image.image}:`)));
  if (deployments.length === 0) problems.push(`${at}: no Deployment runs ${image.image}`);
  for (const d of deployments) {
    for (const s of ofKind(docs, 'Service').filter((svc) => selects(svc.spec?.selector, d.spec?.template?.metadata?.labels))) {
      for (const p of s.spec.ports ?? []) {
        const target = resolvePort(p.targetPort ?? p.port, containersOf(d));
        if (target === undefined || !exposed.includes(target)) problems.push(`${at}: EXPOSE ${exposed.join(' ') || '(none)'} but Service ${s.metadata.name} targets ${target}`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// nginx.conf
// ---------------------------------------------------------------------------------------------

/** Strips comments and returns the body of `location <spec> { ... }` (no nested blocks in ours). */
function nginxLocation(conf: string, spec: string): string | undefined {
  const code = conf.replace(/#[^\n]*/g, '');
  const start = code.indexOf(`location ${spec} {`);
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = code.indexOf('{', start); i < code.length; i++) {
    if (code[i] === '{') depth++;
    if (code[i] === '}' && --depth === 0) return code.slice(code.indexOf('{', start) + 1, i);
  }
  return undefined;
}

function checkNginx(conf: string, docs: Doc[]): string[] {
  const problems: string[] = [];
  const code = conf.replace(/#[^\n]*/g, '');
  const services = ofKind(docs, 'Service');
  const web = ofKind(docs, 'Deployment').find((d) => d.metadata.name === 'web');

  // upstream servers are Services of the cluster, at their Service port.
  const upstreams = [...code.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)].map((m) => ({ name: m[1], body: m[2] }));
  const backendUpstream = upstreams.find((u) => /\bserver\s+backend:/.test(u.body));
  for (const u of upstreams) {
    for (const [, host, port] of u.body.matchAll(/\bserver\s+([\w.-]+):(\d+)/g)) {
      const svc = services.find((s) => s.metadata.name === host);
      if (!svc) problems.push(`nginx.conf: upstream ${u.name} -> ${host}, which is no Service`);
      else if (!svc.spec.ports.some((p: Obj) => p.port === Number(port))) problems.push(`nginx.conf: upstream ${u.name} -> ${host}:${port}, but the Service listens on ${svc.spec.ports.map((p: Obj) => p.port)}`);
    }
  }
  if (!backendUpstream) problems.push('nginx.conf: no upstream pointing at the backend Service');

  // listen port == the web container port == the web Service's targetPort.
  const listen = [...code.matchAll(/\blisten\s+(?:[\d.]+:)?(\d+)/g)].map((m) => Number(m[1]));
  const webPort = web ? resolvePort(services.find((s) => s.metadata.name === 'web')?.spec?.ports?.[0]?.targetPort, containersOf(web)) : undefined;
  if (webPort === undefined || !listen.includes(webPort)) problems.push(`nginx.conf listens on ${listen}, the web Service targets ${webPort}`);

  // The web probe path is answered by nginx.
  const webProbe = EXPECTED_PROBES.web;
  if ('path' in webProbe && !nginxLocation(conf, `= ${webProbe.path}`)?.includes('return 200')) problems.push(`nginx.conf: no "location = ${webProbe.path}" returning 200`);

  const proxiesToBackend = (body: string | undefined) => !!backendUpstream && new RegExp(`proxy_pass\\s+http://${backendUpstream.name}\\b`).test(body ?? '');
  if (!proxiesToBackend(nginxLocation(conf, '^~ /api/'))) problems.push('nginx.conf: /api/ is not proxied to the backend');
  const metrics = nginxLocation(conf, '= /metrics');
  if (!proxiesToBackend(metrics)) problems.push('nginx.conf: /metrics is not proxied to the backend');
  if (!/if\s*\(\$http_x_forwarded_for\)\s*\{\s*return\s+40[34]/.test(metrics ?? '')) problems.push('nginx.conf: /metrics must refuse proxied (public) requests');

  const remoteEntry = [...code.matchAll(/location\s+~\s+(\S*remoteEntry\S*)\s*\{([^}]*)\}/g)][0];
  if (!remoteEntry || !/Cache-Control\s+"no-cache"/.test(remoteEntry[2])) problems.push('nginx.conf: remoteEntry.js must be served with Cache-Control: no-cache');
  if (!/immutable/.test(code)) problems.push('nginx.conf: hashed files should get a long, immutable cache');
  if (!/try_files\s+\$uri\s+\/index\.html/.test(nginxLocation(conf, '/') ?? '')) problems.push('nginx.conf: / needs the SPA fallback to /index.html');
  if (!/try_files\s+\$uri\s+=404/.test(nginxLocation(conf, '/mf/') ?? '')) problems.push('nginx.conf: /mf/ must 404 on missing files, not fall back to the shell');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const docs = loadK8s();
const secretsDoc = read(path.join(K8S, 'secrets.example.md'));
const nginxConf = read(path.join(DOCKER, 'nginx.conf'));
const repoFileExists = (p: string) => existsSync(path.join(REPO, p));

describe('Kubernetes manifests (infra/k8s)', () => {
  it('parse, and contain the expected objects', () => {
    const ids = docs.map((d) => id(d.obj));
    for (const expected of [
      'Namespace/workcloud',
      'ConfigMap/workcloud-config',
      'Deployment/backend',
      'Deployment/tenant-provisioner',
      'Deployment/web',
      'Service/backend',
      'Service/tenant-provisioner',
      'Service/web',
      'Ingress/workcloud',
      'HorizontalPodAutoscaler/backend',
      'HorizontalPodAutoscaler/web',
    ]) {
      expect(ids).toContain(expected);
    }
    expect(ids.some((i) => i.startsWith('Job/workcloud-migrate-'))).toBe(true);
  });

  it('validate against the Kubernetes schemas (kubernetes-models)', () => {
    expect(checkSchemas(docs)).toEqual([]);
  });

  it('use no field Kubernetes does not know (typos)', () => {
    expect(checkUnknownFields(docs)).toEqual([]);
  });

  it('probe every Deployment on its health endpoint', () => {
    expect(checkProbes(docs)).toEqual([]);
  });

  it('commit no secret, and read only the documented Secret and keys', () => {
    expect(checkSecrets(docs, secretsDoc)).toEqual([]);
  });

  it('give every process the settings it must not run without', () => {
    expect(checkRequiredEnv(docs)).toEqual([]);
  });

  it('run pods non-root, locked down, with resources', () => {
    expect(checkPodSecurity(docs)).toEqual([]);
  });

  it('agree with each other: names, ports, selectors, images, Ingress, HPA, migration Job', () => {
    expect(checkWiring(docs)).toEqual([]);
  });
});

describe('Dockerfiles (infra/docker)', () => {
  for (const image of IMAGES) {
    it(`${image.dockerfile}: multi-stage, non-root, npm ci, EXPOSE = Service targetPort`, () => {
      // Entry-point source files are checked in the next test; here assume they exist.
      const problems = checkDockerfile(image, read(path.join(DOCKER, image.dockerfile)), docs, (p) => p.includes('/src/') || repoFileExists(p));
      expect(problems).toEqual([]);
    });

    if (image.entry) {
      // Fails until the app's entry file is written (backend/src/main.ts, tenant-provisioner/src/server.ts).
      it(`${image.dockerfile}: CMD ${image.entry} is compiled from an existing source file`, () => {
        expect(sourceOf(image.entry), 'source of the CMD script').toSatisfy(repoFileExists);
        expect(checkDockerfile(image, read(path.join(DOCKER, image.dockerfile)), docs, repoFileExists)).toEqual([]);
      });
    }

    it(`${image.dockerfile}: has its own .dockerignore that keeps node_modules and .env files out`, () => {
      const ignore = read(path.join(DOCKER, `${image.dockerfile}.dockerignore`));
      expect(ignore).toMatch(/^\*\*\/node_modules$/m);
      expect(ignore).toMatch(/^\*\*\/\.env$/m);
    });
  }

  it('the migration Job runs a CLI compiled from an existing source file', () => {
    expect(sourceOf(MIGRATE_ARGS[1])).toSatisfy(repoFileExists);
  });

  it('web.Dockerfile ships infra/docker/nginx.conf', () => {
    const copies = parseDockerfile(read(path.join(DOCKER, 'web.Dockerfile'))).flatMap((s) => s.instructions.filter((i) => i.op === 'COPY'));
    expect(copies.some((c) => c.args.startsWith('infra/docker/nginx.conf '))).toBe(true);
  });

  it('build.sh builds each Dockerfile under the image name the manifests use', () => {
    const build = read(path.join(DOCKER, 'build.sh'));
    const pairs = [...build.matchAll(/^\s*"(\S+\.Dockerfile)\s+(\S+)"/gm)].map((m) => [m[1], m[2]]);
    expect(pairs).toEqual(IMAGES.map((i) => [i.dockerfile, i.image]));
  });
});

describe('nginx.conf', () => {
  it('references the Services and ports used in k8s, and caches correctly', () => {
    expect(checkNginx(nginxConf, docs)).toEqual([]);
  });
});

// Runs the real nginx.conf when an nginx binary is installed (Debian: apt-get install nginx-light);
// skipped otherwise. Proves the routing and cache headers, which text checks cannot.
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
describe.skipIf(!nginxBinary)('nginx.conf, served by a real nginx', () => {
  let dir = '';
  let nginx: ChildProcess | undefined;
  let backend: http.Server | undefined;
  let base = '';

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'workcloud-nginx-'));
    chmodSync(dir, 0o755); // nginx workers may run as another user when the test runs as root
    const html = path.join(dir, 'html');
    const files: Record<string, string> = {
      'index.html': '<!doctype html><title>shell</title>',
      'main.0123abcd89.js': 'shell chunk',
      'mf/admin/remoteEntry.js': 'remote entry',
      'mf/admin/512.3f9a0c1b7e.js': 'module chunk',
    };
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(html, name)), { recursive: true, mode: 0o755 });
      writeFileSync(path.join(html, name), body, { mode: 0o644 });
    }
    for (const d of ['html', 'html/mf', 'html/mf/admin']) chmodSync(path.join(dir, d), 0o755);

    // A stand-in backend that reports what it received.
    const backendPort = await freePort();
    backend = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, proto: req.headers['x-forwarded-proto'] ?? null, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
    });
    await new Promise<void>((resolve) => backend!.listen(backendPort, '127.0.0.1', resolve));

    // The real server block, pointed at the stand-ins. Each replacement must hit, or the test
    // would silently run something else than the shipped file.
    const port = await freePort();
    const replacements: [string, string][] = [
      ['server backend:3000;', `server 127.0.0.1:${backendPort};`],
      ['listen 8080;', `listen 127.0.0.1:${port};`],
      ['root /usr/share/nginx/html;', `root ${html};`],
    ];
    let serverConf = nginxConf;
    for (const [from, to] of replacements) {
      expect(serverConf, `nginx.conf should contain "${from}"`).toContain(from);
      serverConf = serverConf.replace(from, to);
    }
    writeFileSync(path.join(dir, 'default.conf'), serverConf);
    // Stands in for the image's main nginx.conf (pid and temp files in a writable place).
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_temp;
  proxy_temp_path ${dir}/proxy_temp;
  fastcgi_temp_path ${dir}/fastcgi_temp;
  uwsgi_temp_path ${dir}/uwsgi_temp;
  scgi_temp_path ${dir}/scgi_temp;
  types { text/html html; application/javascript js; application/json json; text/css css; }
  include ${dir}/default.conf;
}
`,
    );
    nginx = spawn(nginxBinary!, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    nginx.stderr!.on('data', (b) => (stderr += b));
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (i > 50 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the probe itself', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('proxies /api/ to the backend with X-Forwarded-Proto', async () => {
    const res = await fetch(`${base}/api/tenants?x=1`);
    expect(await res.json()).toEqual({ url: '/api/tenants?x=1', proto: 'http', forwardedFor: '127.0.0.1' });
  });

  it('sets X-Forwarded-For to the client address itself, never appending what the client sent', async () => {
    // The backend limits sign-in attempts per address (TRUST_PROXY = this server): a client must not pick one.
    const res = await fetch(`${base}/api/auth/login`, { headers: { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' } });
    expect((await res.json()).forwardedFor).toBe('127.0.0.1');
  });

  it('serves /metrics to in-network scrapers, not to requests that came through a proxy', async () => {
    expect((await (await fetch(`${base}/metrics`)).json()).url).toBe('/metrics');
    expect((await fetch(`${base}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status).toBe(404);
  });

  it('falls back to the shell for client-side routes, never cached', async () => {
    const res = await fetch(`${base}/trade/orders/42`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>shell</title>');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves remoteEntry.js with no-cache and hashed chunks as immutable', async () => {
    const entry = await fetch(`${base}/mf/admin/remoteEntry.js`);
    expect(entry.status).toBe(200);
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    for (const hashed of ['/mf/admin/512.3f9a0c1b7e.js', '/main.0123abcd89.js']) {
      const res = await fetch(`${base}${hashed}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('answers 404 for a missing module file instead of the shell', async () => {
    expect((await fetch(`${base}/mf/admin/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/mf/admin/999.deadbeef00.js`)).status).toBe(404);
  });
});

// rollout.sh, run against a stand-in `kubectl` that records every call and answers like a cluster.
describe('rollout.sh', () => {
  const FAKE_KUBECTL = `#!/usr/bin/env bash
n=$(( $(cat "$STATE/count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$STATE/count"
echo "$n $*" >> "$STATE/log"
case "$*" in
  *"apply -f -"*) cat > "$STATE/$n.yaml" ;;
  *"apply -f "*) cp "\${@: -1}" "$STATE/$n.yaml" ;;
  *"get job"*jsonpath*) printf '%s ' "$JOB_RESULT" ;;
  *"get job"*) exit 1 ;;  # no Job for this tag yet
esac
exit 0
`;

  function runRollout(jobResult: 'Complete' | 'Failed', extraEnv: Record<string, string> = {}) {
    const state = mkdtempSync(path.join(os.tmpdir(), 'workcloud-rollout-'));
    const bin = path.join(state, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
    const run = spawnSync('bash', [path.join(K8S, 'rollout.sh'), 'registry.example.com/workcloud', '2025.06.1-RC1'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, STATE: state, JOB_RESULT: jobResult, ...extraEnv },
      encoding: 'utf8',
    });
    const calls = read(path.join(state, 'log'))
      .trim()
      .split('\n')
      .map((line) => {
        const [n, ...args] = line.split(' ');
        const file = path.join(state, `${n}.yaml`);
        const applied = existsSync(file) ? parseYaml(read(file), `kubectl call ${n}`).map((d) => d.obj) : [];
        return { args: args.join(' '), applied };
      });
    rmSync(state, { recursive: true, force: true });
    return { status: run.status, stderr: run.stderr, calls };
  }

  it('applies: namespace, config, migration Job (and waits for it), workloads, Ingress — and every manifest', () => {
    const { status, stderr, calls } = runRollout('Complete', { WITH_PGBOUNCER: '1' });
    expect(status, stderr).toBe(0);
    const step = (pred: (c: (typeof calls)[number]) => boolean, what: string) => {
      const i = calls.findIndex(pred);
      expect(i, `rollout.sh never did: ${what}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const applies = (kind: string, name?: string) => (c: (typeof calls)[number]) =>
      c.applied.some((o) => o.kind === kind && (!name || o.metadata?.name === name));
    const namespace = step(applies('Namespace'), 'apply the Namespace');
    const config = step(applies('ConfigMap'), 'apply the ConfigMap');
    const job = step(applies('Job'), 'apply the migration Job');
    const jobDone = step((c) => /get job \S+ -o jsonpath/.test(c.args), 'wait for the Job');
    const provisioner = step(applies('Deployment', 'tenant-provisioner'), 'apply the provisioner');
    const backend = step(applies('Deployment', 'backend'), 'apply the backend');
    const ingress = step(applies('Ingress'), 'apply the Ingress');
    const backendReady = step((c) => c.args.includes('rollout status deployment/backend'), 'wait for the backend rollout');
    expect(namespace).toBeLessThan(config);
    expect(config).toBeLessThan(job);
    expect(job).toBeLessThan(jobDone);
    expect(jobDone).toBeLessThan(provisioner);
    expect(provisioner).toBeLessThan(backend);
    expect(backend).toBeLessThan(ingress);
    expect(ingress).toBeLessThan(backendReady);

    // Everything under infra/k8s was applied, with all placeholders filled in.
    const applied = calls.flatMap((c) => c.applied);
    const key = (o: Obj) => `${o.kind}/${String(o.metadata?.name).replace(/__TAG__|2025-06-1-rc1/, 'TAG')}`;
    expect(new Set(applied.map(key))).toEqual(new Set(docs.map((d) => key(d.obj))));
    expect(JSON.stringify(applied)).not.toMatch(/__[A-Z]+__/);
    const jobObj = applied.find((o) => o.kind === 'Job')!;
    // A DNS label: lowercase letters, digits and dashes, at most 63 characters.
    expect(jobObj.metadata.name).toBe('workcloud-migrate-2025-06-1-rc1');
    expect(jobObj.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(containersOf(jobObj)[0].image).toBe('registry.example.com/workcloud/workcloud-provisioner:2025.06.1-RC1');
  });

  it('stops before touching any Deployment when the migration Job fails', () => {
    const { status, calls } = runRollout('Failed');
    expect(status).toBe(1);
    expect(calls.some((c) => c.applied.some((o) => o.kind === 'Job'))).toBe(true);
    expect(calls.some((c) => c.applied.some((o) => o.kind === 'Deployment'))).toBe(false);
  });
});

// Each check must be able to fail: run it on a copy with one typical mistake.
describe('the checks catch mistakes', () => {
  const mutate = (fn: (objs: Obj[]) => void): Doc[] => {
    const copy = clone(docs);
    fn(copy.map((d) => d.obj));
    return copy;
  };
  const deployment = (objs: Obj[], name: string) => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
  const backendDockerfile = read(path.join(DOCKER, 'backend.Dockerfile'));
  const backendImage = IMAGES[0];

  it('a probe path typo', () => {
    const broken = mutate((objs) => (containersOf(deployment(objs, 'backend'))[0].readinessProbe.httpGet.path = '/api/healht'));
    expect(checkProbes(broken)).toEqual([expect.stringContaining('/api/healht')]);
  });

  it('a missing liveness probe', () => {
    const broken = mutate((objs) => delete containersOf(deployment(objs, 'web'))[0].livenessProbe);
    expect(checkProbes(broken)).toEqual([expect.stringContaining('no livenessProbe')]);
  });

  it('a misspelt field', () => {
    const broken = mutate((objs) => {
      const c = containersOf(deployment(objs, 'backend'))[0];
      c.resource = c.resources;
    });
    expect(checkUnknownFields(broken)).toEqual([expect.stringContaining('"resource"')]);
  });

  it('a wrong type', () => {
    const broken = mutate((objs) => (objs.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec.maxReplicas = 'ten'));
    expect(checkSchemas(broken)).toEqual([expect.stringContaining('maxReplicas')]);
  });

  it('a committed Secret, another secret name, an undocumented key, a literal password', () => {
    const broken = mutate((objs) => {
      const env = containersOf(deployment(objs, 'backend'))[0].env;
      env.find((e: Obj) => e.name === 'JWT_SECRET').valueFrom.secretKeyRef.name = 'other-secret';
      env.push({ name: 'NEW_API_KEY', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'NEW_API_KEY' } } });
      env.push({ name: 'SMTP_PASSWORD', value: 'hunter2' });
    });
    broken.push({ file: 'secret.yaml', obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: NAMESPACE }, data: { A: 'YQ==' } } });
    const problems = checkSecrets(broken, secretsDoc).join('\n');
    expect(problems).toContain('Secret x with data is committed');
    expect(problems).toContain('reads secret "other-secret"');
    expect(problems).toContain('NEW_API_KEY is used but not in the table');
    expect(problems).toContain('SMTP_PASSWORD has a literal value');
  });

  it('a process that would start with development defaults', () => {
    const broken = mutate((objs) => {
      const job = containersOf(objs.find((o) => o.kind === 'Job')!)[0];
      job.env = job.env.filter((e: Obj) => e.name !== 'WORKCLOUD_OWNER_PASSWORD');
      const provisioner = containersOf(deployment(objs, 'tenant-provisioner'))[0];
      provisioner.env = provisioner.env.filter((e: Obj) => e.name !== 'PROVISIONER_HOST');
      containersOf(deployment(objs, 'backend'))[0].env.find((e: Obj) => e.name === 'JWT_SECRET').valueFrom.secretKeyRef.optional = true;
    });
    expect(checkRequiredEnv(broken)).toEqual([
      expect.stringContaining('backend: JWT_SECRET must not be optional'),
      expect.stringContaining('tenant-provisioner: needs PROVISIONER_HOST=0.0.0.0'),
      expect.stringContaining('migrate: WORKCLOUD_OWNER_PASSWORD must come from'),
    ]);
  });

  it('a root container', () => {
    const broken = mutate((objs) => (podSpecOf(deployment(objs, 'web')).securityContext.runAsNonRoot = false));
    expect(checkPodSecurity(broken)).toEqual([expect.stringContaining('runAsNonRoot')]);
  });

  it('a Service pointing at a port nobody listens on, and a wrong PROVISIONER_URL', () => {
    const broken = mutate((objs) => {
      objs.find((o) => o.kind === 'Service' && o.metadata.name === 'web')!.spec.ports[0].targetPort = 80;
      objs.find((o) => o.kind === 'ConfigMap')!.data.PROVISIONER_URL = 'http://provisioner:3100';
    });
    const problems = checkWiring(broken).join('\n');
    expect(problems).toContain('Service web: targetPort 80');
    expect(problems).toContain('PROVISIONER_URL');
  });

  it('a Dockerfile CMD whose source does not exist, an EXPOSE mismatch, a root user', () => {
    const edited = backendDockerfile
      .replace('"backend/dist/main.js"', '"backend/dist/server.js"')
      .replace('EXPOSE 3000', 'EXPOSE 8000')
      .replace('USER 1000:1000', 'USER root');
    const problems = checkDockerfile(backendImage, edited, docs, (p) => p !== 'backend/src/server.ts').join('\n');
    expect(problems).toContain('CMD ["node","backend/dist/server.js"]');
    expect(problems).toContain('its source backend/src/server.ts does not exist');
    expect(problems).toContain('EXPOSE 8000');
    expect(problems).toContain('non-root USER');
  });

  it('a Dockerfile building a workspace that does not exist', () => {
    const edited = backendDockerfile.replace('npm run build -w @workcloud/backend', 'npm run build -w @workcloud/bakend');
    expect(checkDockerfile(backendImage, edited, docs, (p) => !p.includes('bakend')).join('\n')).toContain('-w @workcloud/bakend');
  });

  it('nginx.conf pointing at the wrong Service or port, or caching remoteEntry.js', () => {
    expect(checkNginx(nginxConf.replace('server backend:3000;', 'server backend:3001;'), docs).join('\n')).toContain('backend:3001');
    expect(checkNginx(nginxConf.replace('server backend:3000;', 'server api:3000;'), docs).join('\n')).toContain('which is no Service');
    expect(checkNginx(nginxConf.replace('listen 8080;', 'listen 80;'), docs).join('\n')).toContain('listens on 80');
    const cached = nginxConf.replace(/(remoteEntry[\s\S]*?Cache-Control )"no-cache"/, '$1"max-age=3600"');
    expect(checkNginx(cached, docs).join('\n')).toContain('remoteEntry.js must be served with Cache-Control: no-cache');
  });
});
