// Values for the fuzz test: a seeded PRNG (so a failing run can be replayed with FUZZ_SEED), random
// JSON of every shape, near-valid inputs derived from each procedure's own zod input parser, and the
// check for server internals (stack traces, file paths) leaking into an answer.
import { appRouter } from "@codeduel/api";
import { z } from "zod";

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type ProcedureType = "query" | "mutation" | "subscription";
export interface ProcedureInfo {
  path: string;
  type: ProcedureType;
  /** The JSON Schema of the procedure's input (zod's own conversion), or undefined without input. */
  schema?: JsonSchema;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** Every procedure of the app router, read from the router itself: tRPC v11 keeps them flat by dotted path. */
export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType; inputs: z.ZodType[] } }>;
  return Object.entries(procedures).map(([path, p]) => {
    const input = p._def.inputs[0];
    const schema = input ? (z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema) : undefined;
    return { path, type: p._def.type, schema };
  });
}

/** Marks of server internals in an answer: a stack frame, a stack property, an absolute source path. */
const LEAK = [/\n\s+at .+[(/:]/, /"stack"\s*:/, /\/work\//, /node:internal/, /node_modules/, /file:\/\//, /\.ts:\d+:\d+/];

/** The first mark of internals in `text` that is not just an echo of what the client `sent`. */
export function leak(text: string, sent = ""): string | undefined {
  for (const re of LEAK) {
    const m = re.exec(text);
    if (m && !sent.includes(m[0])) return text.slice(Math.max(0, m.index - 80), m.index + 160);
  }
  return undefined;
}

const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uFFFF",
  "\uD800",
  "\uDFFF\uD800",
  "💥".repeat(50),
  "ℌ𝔢𝔩𝔩𝔬",
  "\u202Eevil",
  "'; drop table users; --",
  "%00",
  "%s%s%s%n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, sent as plain text on purpose
  "${7*7}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "NaN",
  "-0",
  "1e309",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
];
const NUMBERS = [0, -0, 1, -1, 0.5, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, -1e308, 1e21, 101, 99];

export function randomString(rng: Rng, max = 64): string {
  if (rng.chance(0.3)) return rng.pick(WEIRD_STRINGS);
  const length = rng.int(0, max);
  let s = "";
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    // Mostly ASCII, sometimes control characters, sometimes the rest of the BMP or an astral character.
    const code = r < 0.7 ? rng.int(32, 126) : r < 0.8 ? rng.int(0, 31) : r < 0.95 ? rng.int(127, 0xfffd) : rng.int(0x10000, 0x10ffff);
    s += String.fromCodePoint(code);
  }
  return s;
}

export function randomUuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

/** Any JSON value, nested up to `depth`. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const r = rng.int(0, depth > 0 ? 7 : 4);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.5) ? rng.pick(NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(0, 20);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.int(0, 5) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(0, 5); i > 0; i--)
        o[rng.chance(0.2) ? rng.pick(["__proto__", "constructor", "battleId", "limit", "code"]) : randomString(rng, 12)] = randomJson(
          rng,
          depth - 1,
        );
      return o;
    }
  }
}

/** Arrays nested `depth` deep, as JSON text (built as text: a structure this deep may not stringify). */
export function deepJson(depth: number, open = "[", close = "]"): string {
  return open.repeat(depth) + close.repeat(depth);
}

export function deepObjectJson(depth: number, key = "battleId"): string {
  return `${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Real values a near-valid input may carry, so inputs reach past validation into the services. */
export interface Pool {
  battleIds: string[];
  userIds: string[];
}

/** A value that fits `schema`, its boundaries, or just past them. */
function nearValue(rng: Rng, schema: JsonSchema, pool: Pool): unknown {
  if (schema.anyOf) return nearValue(rng, rng.pick(schema.anyOf), pool);
  if (schema.enum) return rng.chance(0.85) ? rng.pick(schema.enum) : randomString(rng, 12);
  switch (schema.type) {
    case "object":
      return nearInput(rng, schema, pool);
    case "integer":
    case "number": {
      const lo = schema.minimum ?? -1000;
      const hi = schema.maximum ?? 1000;
      return rng.pick([lo, hi, lo - 1, hi + 1, rng.int(lo, hi), rng.int(lo, hi) + 0.5, -1, 0, 2 ** 53]);
    }
    case "string": {
      if (schema.format === "uuid")
        return rng.chance(0.7) && (pool.battleIds.length || pool.userIds.length)
          ? rng.pick([...pool.battleIds, ...pool.userIds])
          : randomUuid(rng);
      if (schema.pattern?.includes("\\d")) return rng.pick(["0", "1", "999999999", "1000000000", String(rng.int(0, 50)), "-1", "1.5"]);
      if (schema.pattern) {
        const length = rng.int(2, 26);
        return Array.from({ length }, () => rng.pick([..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"])).join("");
      }
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 200;
      const inRange = rng.int(min, Math.min(max, 200));
      const length = rng.chance(0.6) ? inRange : rng.pick([min, max, max + 1, Math.max(0, min - 1)]);
      if (rng.chance(0.3)) return "x".repeat(length);
      // Within the length bounds, but with control characters (NUL among them), unpaired surrogates, astral characters.
      const s = randomString(rng, Math.min(length, 300));
      return s.length >= min ? s : s.padEnd(min, "\u0000");
    }
    case "null":
      return null;
    default:
      return randomJson(rng, 2);
  }
}

/** An input close to what the procedure accepts: right fields with edge values, a field missing, wrong-typed, or extra. */
export function nearInput(rng: Rng, schema: JsonSchema | undefined, pool: Pool): unknown {
  if (schema?.type !== "object" || !schema.properties) return rng.chance(0.5) ? undefined : randomJson(rng, 2);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) {
    const r = rng.next();
    if (r < 0.1) continue;
    out[key] = r < 0.25 ? randomJson(rng, 2) : nearValue(rng, prop, pool);
  }
  if (rng.chance(0.15)) out[randomString(rng, 10)] = randomJson(rng, 2);
  return out;
}

/** A value no procedure expects: random JSON, huge strings, wrong top-level types. */
export function wildInput(rng: Rng): unknown {
  const r = rng.int(0, 5);
  if (r === 0) return "x".repeat(rng.int(1, 200_000));
  if (r === 1) return Array.from({ length: rng.int(0, 2000) }, () => rng.int(0, 9));
  return randomJson(rng, 4);
}
