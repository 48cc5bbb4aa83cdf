// docker/Dockerfile and docker/compose.yaml, checked without a container engine (issue 24): a
// multi-stage image that runs as a non-root user under tini and writes only to /tmp, and a compose
// stack in which nginx is the only way in, so `--scale server=N --scale judge=M` works, and every
// app container runs read-only with a tmpfs. Each check also runs on a copy broken on purpose.
// The Kubernetes side is apps/server/test/kubernetes.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../../", import.meta.url).pathname;

interface ComposeService {
  image?: string;
  command?: string | string[];
  entrypoint?: unknown;
  init?: boolean;
  ports?: unknown[];
  container_name?: string;
  read_only?: boolean;
  tmpfs?: string | string[];
  environment?: Record<string, string>;
  stop_grace_period?: string;
  volumes?: unknown[];
  configs?: { source: string; target?: string }[];
}
interface Compose {
  services: Record<string, ComposeService | undefined>;
  configs?: Record<string, { content?: string } | undefined>;
}
const UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
/** A compose duration ("1m30s") in seconds; Docker's default stop grace when unset. */
const seconds = (d: string | undefined) =>
  d ? [...d.matchAll(/(\d+)(ms|h|m|s)/g)].reduce((t, [, n, u]) => t + Number(n) * (UNITS[u ?? "s"] ?? 1), 0) : 10;
const JUDGE_COMMAND = ["node", "--no-node-snapshot", "workers/judge/src/main.ts"];

function composeProblems(c: Compose, dir: string, imageHasInit: boolean): string[] {
  const problems: string[] = [];
  const { nginx, server, judge } = c.services;
  if (!nginx || !server || !judge) return ["compose lacks nginx, server or judge"];
  if (!nginx.ports?.some((p) => String(p).startsWith("3000:"))) problems.push("nginx does not publish port 3000");
  const conf = nginx.volumes?.map(String).find((v) => v.split(":")[1] === "/etc/nginx/nginx.conf");
  if (!conf || resolve(dir, conf.split(":")[0] ?? "") !== join(root, "deploy/nginx/nginx.conf"))
    problems.push("nginx does not mount deploy/nginx/nginx.conf");
  const upstream = nginx.configs?.find((x) => x.target === "/etc/nginx/upstream.conf");
  const content = (upstream && c.configs?.[upstream.source]?.content) ?? "";
  if (!/resolver 127\.0\.0\.11\b/.test(content) || !/server server:3000 [^;]*\bresolve\b/.test(content)) {
    problems.push("nginx does not re-resolve the servers through Docker's DNS (127.0.0.11)");
  }
  for (const [name, s] of [
    ["server", server],
    ["judge", judge],
  ] as const) {
    if (s.read_only !== true) problems.push(`${name}: root file system writable`);
    if (![s.tmpfs ?? []].flat().some((t) => t === "/tmp" || t.startsWith("/tmp:"))) problems.push(`${name}: no tmpfs at /tmp`);
    if (s.entrypoint !== undefined || !(imageHasInit || s.init === true)) problems.push(`${name}: no init process (tini) as PID 1`);
    if (s.container_name) problems.push(`${name}: a container_name cannot be scaled`);
    if (s.image !== server.image) problems.push(`${name}: not the one image`);
  }
  if (server.ports?.length) problems.push("servers publish ports: --scale would collide; nginx is the way in");
  if (JSON.stringify(judge.command) !== JSON.stringify(JUDGE_COMMAND)) problems.push(`judge command ${JSON.stringify(judge.command)}`);
  if (!(seconds(judge.stop_grace_period) > 50)) problems.push("judge stop_grace_period not beyond its 50 s drain");
  if (judge.environment?.DATABASE_URL) problems.push("judge gets database credentials");
  return problems;
}

function dockerfileProblems(text: string): string[] {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: string[][] = [];
  for (const l of lines) {
    if (/^FROM\s/.test(l)) stages.push([]);
    stages.at(-1)?.push(l);
  }
  const final = stages.at(-1) ?? [];
  const last = (op: string) =>
    final
      .filter((l) => l.startsWith(`${op} `))
      .at(-1)
      ?.slice(op.length + 1);
  const json = (v: string | undefined): string[] => (v?.startsWith("[") ? JSON.parse(v) : []);
  const problems: string[] = [];
  if (stages.length < 2 || !final.some((l) => l.startsWith("COPY --from="))) problems.push("not multi-stage");
  if (!last("USER") || /^(root|0)(:|$)/.test(last("USER") ?? "")) problems.push("final stage runs as root");
  if (!/(^|\/)tini$/.test(json(last("ENTRYPOINT"))[0] ?? "")) problems.push("ENTRYPOINT is not tini");
  if (!final.some((l) => /^RUN .*apt-get install [^&]*\btini\b/.test(l))) problems.push("tini is not installed from Debian");
  if (!json(last("CMD")).includes("--no-node-snapshot")) problems.push("CMD lacks --no-node-snapshot");
  // The only writable path in compose and Kubernetes is /tmp.
  if (!/NODE_COMPILE_CACHE=\/tmp\//.test(final.join("\n"))) problems.push("Node's compile cache is not under /tmp");
  return problems;
}

describe("docker/", () => {
  const composeFile = join(root, "docker/compose.yaml");
  const dockerfile = readFileSync(join(root, "docker/Dockerfile"), "utf8");
  // tini as the image's entrypoint stands in for `init: true` on each service.
  const imageHasInit = /^ENTRYPOINT\s+\[\s*"[^"]*\btini"/m.test(dockerfile);
  const compose = () => parse(readFileSync(composeFile, "utf8"), { merge: true }) as Compose;

  it("the image: multi-stage, non-root, tini as its entrypoint, writes under /tmp only", () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(dockerfileProblems(dockerfile.replace(/^USER .*$/m, "USER root"))).not.toEqual([]);
    expect(dockerfileProblems(dockerfile.replace(/^ENTRYPOINT .*$/m, ""))).not.toEqual([]);
    expect(dockerfileProblems(dockerfile.replace(/NODE_COMPILE_CACHE=\S+/, "NODE_COMPILE_CACHE=/app/.cache"))).not.toEqual([]);
  });

  it("compose: nginx in front, scalable servers, the judge's command, read-only with a tmpfs", () => {
    expect(existsSync(join(root, "deploy/nginx/nginx.conf")), "deploy/nginx/nginx.conf").toBe(true);
    expect(composeProblems(compose(), dirname(composeFile), imageHasInit)).toEqual([]);
    const broken = (mutate: (c: Compose) => void) => {
      const c = compose();
      mutate(c);
      return composeProblems(c, dirname(composeFile), imageHasInit);
    };
    expect(broken((c) => Object.assign(c.services.server ?? {}, { ports: ["3000:3000"] }))).not.toEqual([]);
    expect(broken((c) => Object.assign(c.services.judge ?? {}, { read_only: false }))).not.toEqual([]);
    expect(broken((c) => Object.assign(c.services.judge ?? {}, { stop_grace_period: "10s" }))).not.toEqual([]);
    expect(broken((c) => Object.assign(c.configs?.upstream ?? {}, { content: "server server:3000;" }))).not.toEqual([]);
    expect(broken((c) => delete c.services.nginx)).not.toEqual([]);
    expect(composeProblems(compose(), dirname(composeFile), false)).not.toEqual([]);
  });
});
