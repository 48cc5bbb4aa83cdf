// The database schema (no connection here). One module per domain; this one gathers them for
// drizzle (queries and drizzle-kit's migrations) and for `schema` in @codeduel/db.
export * from "./battles.ts";
export * from "./contests.ts";
export * from "./core.ts";
export * from "./proctoring.ts";
