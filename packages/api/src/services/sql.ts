// What every service's raw SQL shares: the transaction type, rows whichever driver ran a statement,
// and recognising a unique violation.
import type { Database } from "@codeduel/db";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Rows of a raw statement, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** Postgres unique violation, whether thrown by postgres.js, PGlite or wrapped by drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
