// Runs deploy/nginx/nginx.conf in front of servers on this machine, as a foreground process of its
// own: its prefix, pid and config in a temporary directory, on a free port. The load-balancer test
// (apps/server/test/nginx.e2e.test.ts) and `npm run deploy:rehearse` use it. It copies the config
// as it is, apart from the one `listen 80;` line, and writes the upstream.conf it includes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const here = new URL(".", import.meta.url).pathname;
const repoRoot = new URL("../../", import.meta.url).pathname;
const LISTEN = /^(\s*)listen 80;$/m;
/** A server's passive health check, as in deploy/nginx/upstream.conf. */
const HEALTH = "max_fails=2 fail_timeout=5s";
/** Output kept in memory, and read back of the access log (it grows with every request). */
const OUTPUT_CAP = 256 * 1024;

/** The nginx binary, installing Debian's package first when it is missing (scripts/ensure-debian-tool.sh). */
export function nginxBinary(): string {
  const find = () => ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"].find((p) => existsSync(p));
  const found = find() ?? which("nginx");
  if (found) return found;
  const r = spawnSync("bash", [join(repoRoot, "scripts/ensure-debian-tool.sh"), "nginx", "nginx", "^nginx: master process"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const installed = find() ?? which("nginx");
  if (r.status !== 0 || !installed) throw new Error(`nginx is not available: ${r.stderr || r.error?.message || "not found after install"}`);
  return installed;
}

function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** A port nothing listens on now (the caller binds it soon after; a lost race fails its start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface LocalNginx {
  port: number;
  pid: number;
  /** The error log (stderr) and the access log (stdout), the last OUTPUT_CAP characters of each. */
  output(): string;
  /** Fast shutdown (SIGTERM: open WebSockets are closed), then SIGKILL for what is left. */
  stop(): Promise<void>;
}

/**
 * nginx with this config, in front of servers on 127.0.0.1 at `upstreamPorts`. `logFile` keeps its
 * whole output. Resolves once it accepts connections.
 */
export async function startNginx(upstreamPorts: readonly number[], options: { logFile?: string } = {}): Promise<LocalNginx> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), "codeduel-nginx-"));
  const upstream = upstreamPorts.map((p) => `server 127.0.0.1:${p} ${HEALTH};`).join("\n");
  writeFileSync(join(dir, "upstream.conf"), `${upstream}\n`);
  const config = readFileSync(join(here, "nginx.conf"), "utf8");
  if (!LISTEN.test(config)) throw new Error("deploy/nginx/nginx.conf has no `listen 80;` line to replace");
  let lastError: Error | undefined;
  // Another process may take the free port between the look-up and nginx's bind: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    writeFileSync(join(dir, "nginx.conf"), config.replace(LISTEN, `$1listen 127.0.0.1:${port};`));
    try {
      return await launch(binary, dir, port, options.logFile);
    } catch (err) {
      lastError = err as Error;
      if (!/Address already in use/.test(lastError.message)) break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error("nginx did not start");
}

async function launch(binary: string, dir: string, port: number, logFile: string | undefined): Promise<LocalNginx> {
  // Foreground, so it is this process's child; its own pid file, not the system nginx's.
  const globals = [`daemon off;`, `pid ${join(dir, "nginx.pid")};`];
  // The access log goes to /dev/stdout, which nginx opens by name: that fails on the socket Node
  // gives a child for a pipe (ENXIO), so stdout is a file, opened here and inherited.
  const accessLog = logFile ?? join(dir, "access.log");
  const stdout = openSync(accessLog, "a");
  let proc: ChildProcess;
  try {
    proc = spawn(binary, ["-p", `${dir}/`, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", globals.join(" ")], {
      stdio: ["ignore", stdout, "pipe"],
    });
  } finally {
    closeSync(stdout);
  }
  let errors = "";
  let spawnError: Error | undefined;
  proc.on("error", (err) => {
    spawnError = err;
  });
  proc.stderr?.on("data", (d: Buffer) => {
    errors = (errors + d.toString()).slice(-OUTPUT_CAP);
    if (logFile) appendFileSync(logFile, d);
  });
  proc.stderr?.on("error", () => {});
  const out = () => {
    let access = "";
    try {
      access = readFileSync(accessLog, "utf8").slice(-OUTPUT_CAP);
    } catch {
      // Removed with the directory once stopped.
    }
    return `${errors}\n${access}`;
  };
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const halt = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGTERM");
      const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      // A killed master leaves its workers running: take them first.
      if (!gone && proc.pid) {
        for (const child of spawnSync("pgrep", ["-P", String(proc.pid)], { encoding: "utf8" })
          .stdout.split("\n")
          .filter(Boolean)) {
          try {
            process.kill(Number(child), "SIGKILL");
          } catch {
            // Already gone.
          }
        }
        proc.kill("SIGKILL");
        await exited;
      }
    }
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (spawnError || proc.exitCode !== null || Date.now() > deadline) {
      // The directory stays: startNginx tries another port in it, or removes it.
      await halt();
      throw new Error(`nginx did not start (${spawnError?.message ?? `exit ${proc.exitCode}`}):\n${out()}`);
    }
    await sleep(50);
  }
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, pid: proc.pid ?? 0, output: out, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
