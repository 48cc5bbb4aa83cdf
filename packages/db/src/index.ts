export { createDb, type Database, type DbHandle, type DbOptions } from "./client.ts";
export * as schema from "./schema/index.ts";
