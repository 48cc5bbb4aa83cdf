// The CLI as users run it: a child process under this (Node 24) runtime.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";

const main = new URL("./main.ts", import.meta.url).pathname;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("loadtest CLI", () => {
  it.each([
    [["--players", "lots"], 'loadtest: --players: "lots" is not a whole number'],
    [["--duration", "forever"], 'loadtest: --duration: "forever" is not a duration'],
    [["--mix", "correct=50,cheat=50"], 'loadtest: --mix: unknown kind "cheat"'],
    [["--mix", "correct=50,ruby:correct=50"], 'loadtest: --mix: unknown language "ruby"'],
    [["--max-p95-ms", "typing=5"], 'loadtest: --max-p95-ms: unknown operation "typing"'],
    [["--nope"], "loadtest: Unknown option '--nope'"],
    [["--players"], "loadtest: Option '--players <value>' argument missing"],
    [["--scenario", "contest"], "loadtest: --scenario contest needs --contest ID"],
    [["--scenario", "contest", "--contest", "first-friday"], 'loadtest: --contest: "first-friday" is not a contest id'],
  ])("exits 2 with a message and the usage for %j", (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]?.startsWith(message)).toBe(true);
    expect(r.stderr).toContain("usage: npm run loadtest -- [options]");
    expect(r.stdout).toBe("");
  });

  it("prints the usage for --help and exits 0", () => {
    const r = cli("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--max-p95-ms");
    expect(r.stdout).toContain("language:kind for");
    expect(r.stdout).toContain("any language (javascript, typescript, python)");
    expect(r.stdout).toContain("--scenario S");
    expect(r.stdout).toContain("standings  a verdict's standings change");
    expect(r.stderr).toBe("");
  });

  it("exits 1 at once when the server is not there", async () => {
    const port = await closedPort();
    const r = cli("--url", `http://127.0.0.1:${port}`, "--duration", "1m");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
