import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,packages,workers}/*/{src,test}/**/*.test.ts"],
    // Integration tests boot real processes against real Postgres and Redis.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // isolated-vm needs this flag on Node 24.
    execArgv: ["--no-node-snapshot"],
  },
});
