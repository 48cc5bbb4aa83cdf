// Process entry for one API server instance.
import { loadServerConfig } from "./config.ts";
import { startServer } from "./server.ts";

try {
  const server = await startServer(loadServerConfig());
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      server.log.info({ signal: sig }, "shutting down");
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
} catch (err) {
  console.error(`codeduel server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
