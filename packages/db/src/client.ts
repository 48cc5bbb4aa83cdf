// Database client factory: real Postgres via postgres.js when a URL is given, embedded PGlite otherwise.
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Sql, TransactionSql } from "postgres";
import * as schema from "./schema/index.ts";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Runs committed migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = new URL("../drizzle", import.meta.url).pathname;
// Any constant works; it only has to be the same for every codeduel process.
const MIGRATION_LOCK_ID = 727_001;

export interface DbOptions {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files (default ./.data/pglite); "memory://" keeps nothing. */
  pgliteDir?: string | undefined;
  /** Connections of each of the two pools (queries; transactions): up to twice this in all. */
  maxConnections?: number | undefined;
}

export async function createDb(options: DbOptions): Promise<DbHandle> {
  return options.url ? createPostgres(options.url, options.maxConnections ?? 10) : createPglite(options.pgliteDir ?? ".data/pglite");
}

/**
 * drizzle sends every query through `client.unsafe(query, params, { prepare: false })` unless it
 * was given a name, and for an unprepared query with parameters postgres.js first asks the server
 * to describe the statement, then binds and executes it: two round trips per query (drizzle-orm
 * issue #6096). Our SQL texts are fixed and the values travel as parameters, so each connection
 * can parse a statement once and from then on only bind and execute it: one round trip. (An
 * `inArray` list makes one statement per length, bounded by the limits on those lists.) A
 * statement invalidated by a migration is re-prepared by postgres.js itself.
 */
function preparingStatements(client: Sql, transactions: Sql): Sql {
  prepareEachQuery(client);
  // Statements inside a transaction go through the transaction's own `unsafe`.
  const begin = transactions.begin as (...args: unknown[]) => Promise<unknown>;
  client.begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: TransactionSql) => unknown;
    return begin(...args, (tx: TransactionSql) => fn(prepareEachQuery(tx)));
  }) as Sql["begin"];
  return client;
}

function prepareEachQuery<T extends Sql | TransactionSql>(sql: T): T {
  const unsafe = sql.unsafe;
  sql.unsafe = ((query, params, options) => unsafe(query, params, { ...options, prepare: true })) as T["unsafe"];
  return sql;
}

async function createPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max, onnotice: () => {} });
  // Transactions get connections of their own. postgres.js pipelines queries onto busy connections,
  // and a BEGIN that lands as the query filling a connection's pipeline is sent without the
  // connection being reserved for its transaction: the transaction fails with UNSAFE_TRANSACTION
  // (porsager/postgres#823, #1189; bench:contest and bench:proctoring hit it at 1,000 participants).
  // A pool that only ever runs transactions sends each BEGIN on a connection nothing else uses.
  const transactions = postgres(url, { max, onnotice: () => {} });
  const db = drizzle(preparingStatements(client, transactions), { schema }) as unknown as Database;
  // drizzle set the first client's type parsers and serializers (JSON and dates pass through as
  // drizzle encodes them); the transactions' client needs the same, or JSON is encoded twice.
  Object.assign(transactions.options.parsers, client.options.parsers);
  Object.assign(transactions.options.serializers, client.options.serializers);
  return {
    db,
    kind: "postgres",
    async migrate() {
      // One connection holds an advisory lock so concurrent starts migrate one at a time.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migrate(drizzle(single, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await single.end();
      }
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), transactions.end({ timeout: 5 })]);
    },
  };
}

async function createPglite(dir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    async migrate() {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      await client.query("select 1");
    },
    async close() {
      await client.close();
    },
  };
}
