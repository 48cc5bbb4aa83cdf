// The fuzz test's cases: HTTP requests and WebSocket frames, random and malformed, each aimed at one
// procedure from the router's own list (or at none). Pure generators: the test sends and judges them.
import {
  deepJson,
  deepObjectJson,
  nearInput,
  type Pool,
  type ProcedureInfo,
  type Rng,
  randomJson,
  randomString,
  wildInput,
} from "./fuzz-values.ts";

export interface HttpCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Over the body limit: the server may answer 413 and close before reading it all. */
  oversized?: boolean;
}

const ONE_MB = 1024 * 1024;
const UNKNOWN_PATHS = [
  "nope",
  "auth",
  "auth.me.x",
  "auth..me",
  ".auth.me",
  "__proto__",
  "constructor",
  "auth.__proto__",
  "toString",
  "",
  "%00",
  "a".repeat(3000),
  "queue.events,queue.events",
];
const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/json; charset=utf-7",
  "",
  "application/jsonx",
  "*/*",
];
const RAW_BODIES = [
  "{",
  "}",
  "[",
  "",
  "null",
  "undefined",
  "\u0000",
  '{"a":',
  '{"0":{"json":1}}',
  "NaN",
  "1e99999",
  '"\\uD800"',
  "[]",
  "{}",
  "\u00ff\u00fe",
];

function json(value: unknown): string {
  return JSON.stringify(value) ?? "";
}

function input(rng: Rng, proc: ProcedureInfo | undefined, pool: Pool): unknown {
  return rng.chance(0.6) ? nearInput(rng, proc?.schema, pool) : wildInput(rng);
}

export function httpCase(rng: Rng, procs: ProcedureInfo[], pool: Pool, budget: { oversized: number }): HttpCase {
  const proc = rng.pick(procs);
  const path = `/trpc/${proc.path}`;
  const kind = rng.int(0, 11);
  switch (kind) {
    case 0:
    case 1:
      return { method: "GET", path: `${path}?input=${encodeURIComponent(json(input(rng, proc, pool)))}`, headers: {} };
    case 2:
      return {
        method: "GET",
        path: `${path}?input=${rng.pick(["{", "%E0%A4%A", "%00", "%", encodeURIComponent(deepJson(rng.int(100, 5000))), "x".repeat(rng.int(1, 40_000))])}`,
        headers: {},
      };
    case 3:
    case 4:
      return { method: "POST", path, headers: { "content-type": "application/json" }, body: json(input(rng, proc, pool)) };
    case 5:
      return { method: "POST", path, headers: { "content-type": "application/json" }, body: rng.pick(RAW_BODIES) };
    case 6:
      return {
        method: "POST",
        path,
        headers: { "content-type": rng.pick(CONTENT_TYPES) },
        body: rng.chance(0.5) ? json(randomJson(rng)) : randomString(rng, 200),
      };
    case 7: {
      // A batch whose inputs do not line up with its paths: missing, extra and non-numeric keys.
      const paths = Array.from({ length: rng.int(1, 5) }, () => rng.pick(procs).path);
      const inputs: Record<string, unknown> = {};
      for (let i = rng.int(0, 7); i > 0; i--)
        inputs[rng.chance(0.8) ? String(rng.int(-1, 8)) : randomString(rng, 5)] = input(rng, rng.pick(procs), pool);
      const body = rng.chance(0.2) ? json([inputs]) : json(inputs);
      const url = `/trpc/${paths.join(",")}?batch=${rng.pick(["1", "0", "true", "", "2"])}`;
      return rng.chance(0.5)
        ? { method: "GET", path: `${url}&input=${encodeURIComponent(body)}`, headers: {} }
        : { method: "POST", path: url, headers: { "content-type": "application/json" }, body };
    }
    case 8: {
      const unknown = rng.chance(0.7) ? rng.pick(UNKNOWN_PATHS) : encodeURIComponent(randomString(rng, 30).toWellFormed());
      return {
        method: rng.pick(["GET", "POST"]),
        path: `/trpc/${unknown}`,
        headers: { "content-type": "application/json" },
        body: undefined,
      };
    }
    case 9:
      // HEAD takes no body (fetch refuses one); the others carry the procedure's input.
      if (rng.chance(0.2)) return { method: "HEAD", path, headers: {} };
      return {
        method: rng.pick(["PUT", "DELETE", "PATCH", "OPTIONS"]),
        path,
        headers: { "content-type": "application/json" },
        body: json(input(rng, proc, pool)),
      };
    case 10: {
      if (budget.oversized > 0) {
        budget.oversized--;
        return {
          method: "POST",
          path,
          headers: { "content-type": "application/json" },
          body: json({ code: "x".repeat(ONE_MB + rng.int(1, 100_000)) }),
          oversized: true,
        };
      }
      return { method: "POST", path, headers: { "content-type": "application/json" }, body: deepObjectJson(rng.int(10, 3000)) };
    }
    default: {
      const depth = rng.int(1000, 100_000);
      return {
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body: rng.chance(0.5) ? deepJson(depth) : deepObjectJson(depth, "a"),
      };
    }
  }
}

export type WsFrame = { text: string } | { bytes: Buffer; binary: boolean };

function randomId(rng: Rng): unknown {
  return rng.pick([
    rng.int(1, 1000),
    2 ** 64,
    1e300,
    -1,
    0,
    1.5,
    null,
    {},
    [],
    "id",
    true,
    randomString(rng, 8),
    Number.MAX_SAFE_INTEGER + 2,
  ]);
}

function call(rng: Rng, procs: ProcedureInfo[], pool: Pool): Record<string, unknown> {
  const proc = rng.pick(procs);
  const method = rng.chance(0.7) ? proc.type : rng.pick(["query", "mutation", "subscription"]);
  const path = rng.chance(0.9) ? proc.path : rng.pick(UNKNOWN_PATHS);
  const msg: Record<string, unknown> = {
    id: rng.chance(0.8) ? rng.int(1, 1_000_000) : randomId(rng),
    method,
    params: { path, input: input(rng, proc, pool) },
  };
  if (rng.chance(0.3)) msg.jsonrpc = rng.pick(["2.0", "1.0", null]);
  if (method === "subscription" && rng.chance(0.3)) (msg.params as Record<string, unknown>).lastEventId = randomId(rng);
  if (rng.chance(0.1)) msg.params = rng.pick([null, "x", [], { input: 1 }]);
  return msg;
}

/** One frame of a WebSocket session; `budget` keeps the expensive ones (over 1 MB) few. */
/** A well-formed call or subscription.stop: a session of these stays open long enough to hear every answer. */
export function wsCall(rng: Rng, procs: ProcedureInfo[], pool: Pool): WsFrame {
  if (rng.chance(0.1)) return { text: json({ id: randomId(rng), method: "subscription.stop" }) };
  const proc = rng.pick(procs);
  const params = { path: proc.path, input: rng.chance(0.85) ? nearInput(rng, proc.schema, pool) : wildInput(rng) };
  return { text: json({ id: rng.int(1, 1_000_000), jsonrpc: "2.0", method: proc.type, params }) };
}

export function wsFrame(rng: Rng, procs: ProcedureInfo[], pool: Pool, budget: { oversized: number }): WsFrame[] {
  const kind = rng.int(0, 13);
  switch (kind) {
    case 0:
    case 1:
    case 2:
    case 3:
      return [{ text: json(call(rng, procs, pool)) }];
    case 4:
      return [
        { text: json({ id: randomId(rng), method: "subscription.stop", ...(rng.chance(0.5) ? { params: randomJson(rng, 1) } : {}) }) },
      ];
    case 5:
      return [{ text: rng.chance(0.5) ? rng.pick(RAW_BODIES) : randomString(rng, 100) }];
    case 6:
      return [{ bytes: Buffer.from(Array.from({ length: rng.int(0, 64) }, () => rng.int(0, 255))), binary: true }];
    case 7:
      // Text frame that is not UTF-8.
      return [{ bytes: Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28]), binary: false }];
    case 8:
      if (budget.oversized > 0) {
        budget.oversized--;
        return [{ text: json({ id: 1, method: "query", params: { path: "auth.me", input: "x".repeat(ONE_MB + rng.int(1, 100_000)) } }) }];
      }
      return [{ text: deepJson(rng.int(1000, 50_000)) }];
    case 9:
      return [
        {
          text: json({
            id: randomId(rng),
            method: rng.pick(["delete", "", "connectionParams", "subscription.start", "__proto__", randomString(rng, 10)]),
            params: randomJson(rng, 2),
          }),
        },
      ];
    case 10:
      return [{ text: json(Array.from({ length: rng.int(101, 160) }, () => call(rng, procs, pool))) }];
    case 11:
      return [
        {
          text: json(
            rng.chance(0.5)
              ? Array.from({ length: rng.int(0, 5) }, () => (rng.chance(0.7) ? call(rng, procs, pool) : randomJson(rng, 1)))
              : randomJson(rng, 2),
          ),
        },
      ];
    case 12:
      return [
        { text: json({ method: "connectionParams", data: rng.chance(0.5) ? { token: randomString(rng, 40) } : randomJson(rng, 2) }) },
      ];
    default:
      // Many calls at once, past the calls-in-flight cap.
      return Array.from({ length: rng.int(20, 200) }, (_, i) => ({ text: json({ ...call(rng, procs, pool), id: i + 1 }) }));
  }
}

/** What a session sends first on a `?connectionParams=1` socket. */
export function openingParams(rng: Rng, token: string | undefined): WsFrame[] {
  const r = rng.next();
  if (r < 0.7) return [{ text: json({ method: "connectionParams", data: token ? { token } : {} }) }];
  if (r < 0.8) return [];
  if (r < 0.9) return [{ text: json({ method: "connectionParams", data: randomJson(rng, 2) }) }];
  return [
    {
      text: json({
        method: "connectionParams",
        data: { token: rng.chance(0.5) ? randomString(rng, 300) : "x".repeat(rng.int(1, 300_000)) },
      }),
    },
  ];
}
