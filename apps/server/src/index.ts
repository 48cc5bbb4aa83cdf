export { loadServerConfig, type ServerConfig } from "./config.ts";
export { startServer } from "./server.ts";
