import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,packages,workers}/*/{src,test}/**/*.test.ts"],
    // Integration tests boot real processes against real Postgres and Redis.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One file at a time: the integration tests each boot servers and judges, and timing-sensitive
    // verdicts (timeouts, memory caps) must not depend on what else shares the 2 cores.
    fileParallelism: false,
    // isolated-vm needs this flag on Node 24.
    execArgv: ["--no-node-snapshot"],
  },
});
