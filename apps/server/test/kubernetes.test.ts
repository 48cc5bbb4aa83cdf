// deploy/kubernetes, checked without a cluster. Every overlay is rendered with `kubectl kustomize`,
// each object validated against the Kubernetes and KEDA schemas (kubernetes-models), then held to
// what operations rely on (issue 24): hardened pods, probes, grace periods longer than the judge's
// drain, KEDA on both judge queues, judges fenced in to Redis and DNS, no secret values in the
// manifests. Each check returns its problems; every one also runs on a copy broken on purpose and
// must object. kubectl comes from KUBECTL or PATH; scripts/ensure-debian-tool.sh installs Debian's when
// missing. docker/ is checked by apps/server/test/containers.test.ts.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { JUDGE_QUEUE_NAMES } from "@codeduel/judge";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { Deployment } from "kubernetes-models/apps/v1";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

const root = new URL("../../../", import.meta.url).pathname;
const k8sDir = join(root, "deploy/kubernetes");

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
  "keda.sh/v1alpha1/TriggerAuthentication": TriggerAuthentication,
};

/**
 * kustomize 5 wraps a long Secret value's base64 over lines, which the API server's decoder skips
 * but kubernetes-models' "byte" format refuses.
 */
function normalized(o: K8sObject): K8sObject {
  if (o.kind !== "Secret" || !o.data) return o;
  const data = Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s+/g, "")]);
  return { ...o, data: Object.fromEntries(data) };
}

/** Every object has a schema, and passes it. */
function schemaProblems(objects: K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Model) return [`${o.kind} ${o.metadata.name}: no schema for ${o.apiVersion}`];
    try {
      new Model(normalized(o) as never).validate();
      return [];
    } catch (err) {
      return [`${o.kind} ${o.metadata.name}: ${err instanceof Error ? err.message : String(err)}`];
    }
  });
}

function ofKind<T>(objects: K8sObject[], guard: (value: unknown) => value is T): T[] {
  const found: T[] = [];
  for (const o of objects) if (guard(o)) found.push(o);
  return found;
}
const deployments = (objects: K8sObject[]) => ofKind(objects, Deployment.is);
const role = (objects: K8sObject[], component: "server" | "judge") =>
  deployments(objects).filter((d) => d.spec?.template.metadata?.labels?.["app.kubernetes.io/component"] === component);
const podLabels = (d: IDeployment) => d.spec?.template.metadata?.labels ?? {};
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
const SECRET_NAME = /URL|PASSWORD|SECRET|TOKEN|KEY/;
const CREDENTIALS_IN_URL = /\/\/[^\s/@:]+:[^\s/@]+@/;

/** Every pod and container locked down, with /tmp the only writable path. */
function hardeningProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const d of deployments(objects)) {
    const pod = d.spec?.template.spec;
    const name = d.metadata?.name;
    if (d.spec?.replicas !== undefined) problems.push(`${name}: replicas set, but an autoscaler owns the count`);
    if (pod?.securityContext?.runAsNonRoot !== true) problems.push(`${name}: pod may run as root`);
    if (pod?.securityContext?.seccompProfile?.type !== "RuntimeDefault") problems.push(`${name}: pod seccomp not RuntimeDefault`);
    if (pod?.automountServiceAccountToken !== false) problems.push(`${name}: mounts a service account token`);
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      const sc = c.securityContext;
      const where = `${name}/${c.name}`;
      if (sc?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot not true`);
      if (sc?.readOnlyRootFilesystem !== true) problems.push(`${where}: root file system writable`);
      if (sc?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
      if (!sc?.capabilities?.drop?.includes("ALL")) problems.push(`${where}: capabilities not all dropped`);
      if (sc?.seccompProfile?.type !== "RuntimeDefault") problems.push(`${where}: seccomp not RuntimeDefault`);
      if (c.command) problems.push(`${where}: \`command\` replaces the image's tini entrypoint; use args`);
      const tmp = c.volumeMounts?.find((m) => m.mountPath === "/tmp");
      if (!tmp || !pod?.volumes?.find((v) => v.name === tmp.name)?.emptyDir) problems.push(`${where}: no emptyDir at /tmp`);
    }
  }
  return problems;
}

function judgeProblems(objects: K8sObject[]): string[] {
  const judges = role(objects, "judge");
  if (judges.length !== 1) return [`${judges.length} judge Deployments`];
  const [judge] = judges as [IDeployment];
  const pod = judge.spec?.template.spec;
  const [container] = pod?.containers ?? [];
  const problems: string[] = [];
  // The drain: running jobs get 20 s, a wedged judge process is killed at 30 s.
  if (!((pod?.terminationGracePeriodSeconds ?? 30) > 50)) problems.push("judge grace period not beyond its 50 s drain");
  const args = container?.args ?? [];
  if (args[0] !== "node" || !args.includes("--no-node-snapshot") || !args.includes("workers/judge/src/main.ts")) {
    problems.push(`judge args ${JSON.stringify(args)} do not run the judge supervisor with --no-node-snapshot`);
  }
  const env = [
    ...(container?.env ?? []).map((e) => e.name),
    ...(container?.envFrom ?? []).flatMap((e) => (e.secretRef ? ["secretRef"] : [])),
  ];
  if (env.includes("DATABASE_URL") || env.includes("secretRef")) problems.push("judge can read database credentials");
  for (const probe of [container?.startupProbe, container?.livenessProbe]) {
    if (!probe?.exec?.command?.join(" ").includes("udge-process")) problems.push("judge lacks its exec probe on the judge process");
  }
  return problems;
}

function serverProblems(objects: K8sObject[]): string[] {
  const servers = role(objects, "server");
  if (servers.length !== 1) return [`${servers.length} server Deployments`];
  const [server] = servers as [IDeployment];
  const pod = server.spec?.template.spec;
  const [c] = pod?.containers ?? [];
  const problems: string[] = [];
  if (c?.readinessProbe?.httpGet?.path !== "/health/ready") problems.push("server readiness is not /health/ready");
  for (const [kind, probe] of [
    ["liveness", c?.livenessProbe],
    ["startup", c?.startupProbe],
  ] as const) {
    // Liveness on /health/ready would restart every server during a Postgres blip.
    if (!probe?.httpGet?.path || probe.httpGet.path === "/health/ready")
      problems.push(`server ${kind} probe missing or on its dependencies`);
  }
  const preStop = c?.lifecycle?.preStop?.exec?.command ?? [];
  const sleep = Number(preStop[preStop.indexOf("sleep") + 1]);
  if (!preStop.includes("sleep") || !(sleep > 0)) problems.push("server has no preStop sleep");
  else if (!((pod?.terminationGracePeriodSeconds ?? 30) > sleep + 10)) problems.push("server grace period leaves no time after preStop");
  const labels = podLabels(server);
  const ports = new Set((c?.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
  const service = ofKind(objects, Service.is).find(
    (s) => Object.keys(s.spec?.selector ?? {}).length > 0 && selects(s.spec?.selector, labels),
  );
  if (!service) problems.push("no Service selects the servers");
  else if (!service.spec?.ports?.every((p) => ports.has(p.targetPort ?? p.port))) problems.push("Service targets a port the server lacks");
  const ingresses = ofKind(objects, Ingress.is);
  if (ingresses.length === 0) problems.push("no Ingress");
  for (const ing of ingresses) {
    const a = ing.metadata?.annotations ?? {};
    for (const key of ["proxy-read-timeout", "proxy-send-timeout"]) {
      if (!(Number(a[`nginx.ingress.kubernetes.io/${key}`]) >= 3600))
        problems.push(`Ingress ${key} under an hour: WebSockets would be cut`);
    }
    const backends = (ing.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.backend.service?.name);
    if (backends.length === 0 || !backends.every((b) => b === service?.metadata?.name))
      problems.push("Ingress routes elsewhere than the server Service");
  }
  const hpa = ofKind(objects, HorizontalPodAutoscaler.is).find((h) => h.spec?.scaleTargetRef.name === server.metadata?.name);
  if (!hpa?.spec?.metrics?.some((m) => m.resource?.name === "cpu")) problems.push("no CPU HorizontalPodAutoscaler on the servers");
  for (const d of deployments(objects)) {
    const pdb = ofKind(objects, PodDisruptionBudget.is).find((p) => selects(p.spec?.selector?.matchLabels, podLabels(d)));
    if (!pdb) problems.push(`no PodDisruptionBudget for ${d.metadata?.name}`);
  }
  return problems;
}

/** KEDA scales the judges on both queues' waiting and active lists, authenticated from the Secret. */
function scalingProblems(objects: K8sObject[]): string[] {
  const judge = role(objects, "judge")[0];
  const so = ofKind(objects, ScaledObject.is).find((s) => s.spec.scaleTargetRef.name === judge?.metadata?.name);
  if (!so) return ["no ScaledObject targets the judge Deployment"];
  const config = ofKind(objects, ConfigMap.is).find((c) => c.data?.REDIS_PREFIX !== undefined);
  const prefix = config?.data?.REDIS_PREFIX ?? "codeduel";
  const problems: string[] = [];
  const triggers = so.spec.triggers;
  const lists = triggers.map((t) => (t.type === "redis" ? t.metadata.listName : undefined));
  for (const queue of JUDGE_QUEUE_NAMES) {
    for (const state of ["wait", "active"]) {
      if (!lists.includes(`${prefix}:${queue}:${state}`)) problems.push(`no redis trigger on ${prefix}:${queue}:${state}`);
    }
  }
  const secretNames = new Set(
    deployments(objects).flatMap((d) =>
      (d.spec?.template.spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name)),
    ),
  );
  for (const t of triggers) {
    const auth = ofKind(objects, TriggerAuthentication.is).find((a) => a.metadata?.name === t.authenticationRef?.name);
    const refs = auth?.spec.secretTargetRef ?? [];
    if (!refs.some((r) => r.parameter === "password") || !refs.every((r) => secretNames.has(r.name))) {
      problems.push(`trigger ${t.name ?? t.metadata.listName}: Redis password not from the app's Secret`);
    }
    if (Object.keys(t.metadata).some((k) => /password/i.test(k) && !k.endsWith("FromEnv")))
      problems.push("a Redis password inline in a trigger");
  }
  const formula = so.spec.advanced?.scalingModifiers?.formula;
  if (formula !== undefined && !triggers.every((t) => t.name && new RegExp(`\\b${t.name}\\b`).test(formula))) {
    problems.push("the scaling formula leaves a trigger out");
  }
  return problems;
}

/** Judges reach Redis and DNS only and accept only the metrics scrape; servers reach their stores. */
function networkProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const policies = ofKind(objects, NetworkPolicy.is);
  const judge = role(objects, "judge")[0];
  if (!judge) return ["no judge Deployment"];
  const mine = policies.filter((p) => selects(p.spec?.podSelector?.matchLabels, podLabels(judge)));
  if (mine.length !== 1) return [`${mine.length} NetworkPolicies select the judges (they add up)`];
  const [policy] = mine as [NetworkPolicy];
  if (!policy.spec?.policyTypes?.includes("Egress") || !policy.spec.policyTypes.includes("Ingress"))
    problems.push("judge policy does not restrict both ways");
  const peers = { redis: 0, dns: 0 };
  for (const rule of policy.spec?.egress ?? []) {
    const ports = (rule.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`);
    const dns = ports.length > 0 && ports.every((p) => p === "53/UDP" || p === "53/TCP");
    const redis = ports.length > 0 && ports.every((p) => p === "6379/TCP");
    const to = rule.to ?? [];
    const label = (peer: (typeof to)[number], key: string) => peer.podSelector?.matchLabels?.[key];
    if (to.length === 0 || !(dns || redis)) problems.push(`judge egress open beyond Redis and DNS: ${JSON.stringify(rule)}`);
    else if (to.some((p) => p.ipBlock || (dns ? label(p, "k8s-app") !== "kube-dns" : label(p, "app.kubernetes.io/name") !== "redis"))) {
      problems.push(`judge egress reaches a peer other than Redis or DNS: ${JSON.stringify(rule)}`);
    } else peers[dns ? "dns" : "redis"]++;
  }
  if (!peers.redis || !peers.dns) problems.push("judges cannot reach Redis and DNS");
  const metrics = (judge.spec?.template.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((p) => p.name === "metrics");
  for (const rule of policy.spec?.ingress ?? []) {
    const fromMonitoring =
      (rule.from ?? []).length > 0 &&
      (rule.from ?? []).every(
        (f) => !f.ipBlock && !f.podSelector && f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring",
      );
    const onMetrics =
      (rule.ports ?? []).length > 0 && (rule.ports ?? []).every((p) => p.port === metrics?.containerPort || p.port === "metrics");
    if (!fromMonitoring || !onMetrics) problems.push(`judge ingress beyond monitoring's scrape: ${JSON.stringify(rule)}`);
  }
  const server = role(objects, "server")[0];
  const serverPolicy = server && policies.find((p) => selects(p.spec?.podSelector?.matchLabels, podLabels(server)));
  const serverPorts = new Set((serverPolicy?.spec?.egress ?? []).flatMap((r) => (r.ports ?? []).map((p) => p.port)));
  for (const port of [5432, 6379, 53]) if (!serverPorts.has(port)) problems.push(`servers cannot reach port ${port}`);
  return problems;
}

/** Credentials come from the operator's Secret, never from a value in the manifests. */
function secretProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const d of deployments(objects)) {
    for (const c of d.spec?.template.spec?.containers ?? []) {
      for (const e of c.env ?? []) {
        if (SECRET_NAME.test(e.name) && !e.valueFrom?.secretKeyRef) problems.push(`${d.metadata?.name}: ${e.name} not from a Secret`);
        if (e.value && CREDENTIALS_IN_URL.test(e.value)) problems.push(`${d.metadata?.name}: credentials inline in ${e.name}`);
      }
    }
  }
  const server = role(objects, "server")[0]?.spec?.template.spec?.containers[0];
  for (const name of ["DATABASE_URL", "REDIS_URL"]) {
    if (!server?.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef) problems.push(`server ${name} not from a Secret`);
  }
  for (const cm of ofKind(objects, ConfigMap.is)) {
    for (const [key, value] of Object.entries(cm.data ?? {})) {
      if (SECRET_NAME.test(key) || CREDENTIALS_IN_URL.test(value)) problems.push(`ConfigMap ${cm.metadata?.name}: ${key} looks secret`);
    }
  }
  return problems;
}

/** The ConfigMap uses the settings' real names: each one is in .env.example. */
function configProblems(objects: K8sObject[], envExample: string): string[] {
  const known = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  const keys = ofKind(objects, ConfigMap.is).flatMap((c) => Object.keys(c.data ?? {}));
  return keys.length === 0 ? ["no ConfigMap"] : keys.filter((k) => !known.has(k)).map((k) => `ConfigMap key ${k} is not in .env.example`);
}

// What the kustomize inside Debian's kubectl 1.20 (kustomize 2.0.3) reads; it rejects anything else.
const LEGACY_FIELDS = new Set([
  ...["apiVersion", "kind", "resources", "bases", "patchesStrategicMerge", "patchesJson6902", "images", "namespace"],
  ...["configMapGenerator", "secretGenerator", "generatorOptions", "commonLabels", "commonAnnotations", "namePrefix", "nameSuffix"],
]);
const LEGACY_GENERATOR_FIELDS = new Set(["name", "behavior", "literals", "env", "files", "type"]);

function legacyKustomizeProblems(file: string, k: Record<string, unknown>): string[] {
  const problems = Object.keys(k)
    .filter((f) => !LEGACY_FIELDS.has(f))
    .map((f) => `${file}: \`${f}\` is unknown to kubectl 1.20`);
  const dir = dirname(file);
  for (const entry of [...((k.resources as string[]) ?? []), ...((k.patchesStrategicMerge as string[]) ?? [])]) {
    const path = resolve(dir, entry);
    // kustomize 2.0.3 loads directories only from `bases`, and patches only from files.
    if (!existsSync(path) || !statSync(path).isFile()) problems.push(`${file}: ${entry} is not a file`);
  }
  for (const g of [...((k.configMapGenerator as object[]) ?? []), ...((k.secretGenerator as object[]) ?? [])]) {
    for (const f of Object.keys(g))
      if (!LEGACY_GENERATOR_FIELDS.has(f)) problems.push(`${file}: generator field \`${f}\` is unknown to kubectl 1.20`);
  }
  return problems;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function run(command: string, args: string[]): { status: number | null; stdout: string; output: string } {
  const r = spawnSync(command, args, { encoding: "utf8", cwd: root, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? "", output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

const renders = new Map<string, K8sObject[]>();
let work = "";

beforeAll(() => {
  const kubectl = process.env.KUBECTL ?? "kubectl";
  if (!process.env.KUBECTL) {
    const installed = run("bash", [join(root, "scripts/ensure-debian-tool.sh"), "kubectl", "kubernetes-client"]);
    expect(installed.status, installed.output).toBe(0);
  }
  // A copy, so an overlay's gitignored secrets file is made from its committed example: the repo
  // is never written and a developer's real values are never read.
  work = mkdtempSync(join(tmpdir(), "codeduel-kustomize-"));
  cpSync(k8sDir, work, { recursive: true, filter: (src) => !existsSync(`${src}.example`) });
  for (const file of walk(work)) if (file.endsWith(".example")) copyFileSync(file, file.slice(0, -".example".length));
  for (const overlay of readdirSync(join(work, "overlays"))) {
    const r = run(kubectl, ["kustomize", join(work, "overlays", overlay)]);
    expect(r.status, `${overlay}: ${r.output}`).toBe(0);
    const docs = parseAllDocuments(r.stdout);
    for (const doc of docs) expect(doc.errors, overlay).toEqual([]);
    renders.set(
      overlay,
      docs.map((d) => d.toJS() as K8sObject).filter((o) => o !== null),
    );
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const envExample = readFileSync(join(root, ".env.example"), "utf8");
const clone = (objects: K8sObject[]) => structuredClone(objects);
const production = () => {
  const objects = renders.get("production");
  if (!objects) throw new Error("overlays/production did not render");
  return objects;
};

describe("Kubernetes manifests", () => {
  it("renders every overlay, production included, into objects that pass their schemas", () => {
    expect([...renders.keys()]).toContain("production");
    for (const [overlay, objects] of renders) {
      expect(objects.length, overlay).toBeGreaterThan(10);
      expect(schemaProblems(objects), overlay).toEqual([]);
    }
  });

  it("holds every overlay to the hardening, probes, scaling, network and secrets rules", () => {
    for (const [overlay, objects] of renders) {
      for (const check of [hardeningProblems, judgeProblems, serverProblems, scalingProblems, networkProblems, secretProblems]) {
        expect(check(objects), `${overlay}: ${check.name}`).toEqual([]);
      }
      expect(configProblems(objects, envExample), overlay).toEqual([]);
    }
  });

  it("puts every namespaced object of production in its namespace, and no Secret in it", () => {
    const objects = production();
    expect(objects.filter((o) => o.kind !== "Namespace" && o.metadata.namespace !== "codeduel")).toEqual([]);
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    const committed = walk(k8sDir).filter((f) => /\.ya?ml$/.test(f));
    expect(committed.filter((f) => /^kind:\s*Secret\b/m.test(readFileSync(f, "utf8")))).toEqual([]);
  });

  it("uses only kustomize fields that Debian's kubectl 1.20 reads", () => {
    const files = walk(k8sDir).filter((f) => f.endsWith("kustomization.yaml"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(legacyKustomizeProblems(f, parse(readFileSync(f, "utf8")))).toEqual([]);
    const base = join(k8sDir, "base/kustomization.yaml");
    expect(legacyKustomizeProblems(base, { ...parse(readFileSync(base, "utf8")), patches: [] })).toHaveLength(1);
    expect(legacyKustomizeProblems(base, { resources: ["."] })).toHaveLength(1);
  });

  it("each check objects to a manifest broken in its way", () => {
    const broken = (mutate: (objects: K8sObject[]) => void) => {
      const objects = clone(production());
      mutate(objects);
      return objects;
    };
    const judge = (o: K8sObject[]) => role(o, "judge")[0] as IDeployment;
    expect(
      schemaProblems(broken((o) => Object.assign(judge(o).spec?.template.spec?.containers[0]?.ports?.[0] ?? {}, { containerPort: "x" }))),
    ).not.toEqual([]);
    expect(
      hardeningProblems(broken((o) => delete judge(o).spec?.template.spec?.containers[0]?.securityContext?.readOnlyRootFilesystem)),
    ).not.toEqual([]);
    expect(
      judgeProblems(broken((o) => Object.assign(judge(o).spec?.template.spec ?? {}, { terminationGracePeriodSeconds: 45 }))),
    ).not.toEqual([]);
    expect(
      judgeProblems(broken((o) => judge(o).spec?.template.spec?.containers[0]?.env?.push({ name: "DATABASE_URL", value: "x" }))),
    ).not.toEqual([]);
    expect(serverProblems(broken((o) => delete role(o, "server")[0]?.spec?.template.spec?.containers[0]?.lifecycle))).not.toEqual([]);
    expect(
      scalingProblems(
        broken((o) => {
          const so = ofKind(o, ScaledObject.is)[0];
          if (so) so.spec.triggers = so.spec.triggers.filter((t) => !String(t.metadata.listName).includes("judge-contest:wait"));
        }),
      ),
    ).not.toEqual([]);
    expect(
      networkProblems(
        broken((o) => {
          const policy = ofKind(o, NetworkPolicy.is).find((p) => p.metadata?.name === "codeduel-judge");
          policy?.spec?.egress?.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] });
        }),
      ),
    ).not.toEqual([]);
    expect(
      secretProblems(
        broken((o) => {
          const env = role(o, "server")[0]?.spec?.template.spec?.containers[0]?.env ?? [];
          env.splice(
            env.findIndex((e) => e.name === "DATABASE_URL"),
            1,
            { name: "DATABASE_URL", value: "postgres://u:p@db/x" },
          );
        }),
      ),
    ).not.toEqual([]);
    expect(
      configProblems(
        broken((o) => Object.assign(ofKind(o, ConfigMap.is)[0]?.data ?? {}, { JUDGE_THREAD: "4" })),
        envExample,
      ),
    ).not.toEqual([]);
  });
});
