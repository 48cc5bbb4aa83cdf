// Reads one client frame of tRPC's WebSocket protocol and names the protocol violation when it is
// not one, with the RFC 6455 close code the socket is closed with. Pure: the adapter decides what to
// do; `ws` itself already closes frames over `maxPayload` (1009) and invalid UTF-8 (1007).
import type { AnyRouter } from "@trpc/server";
import { parseConnectionParamsFromUnknown, parseTRPCMessage, TRPCError } from "@trpc/server/unstable-core-do-not-import";
import type { RawData } from "ws";

export type ParsedMessage = ReturnType<typeof parseTRPCMessage>;
export type ConnectionParams = Record<string, string | undefined> | null;

/** RFC 6455 close codes this server closes sockets with. */
export const CLOSE = {
  /** A binary frame: this protocol is JSON text only. */
  unsupportedData: 1003,
  /** Not JSON, or not a message of the protocol. */
  invalidPayload: 1007,
  /** A well-formed frame the protocol does not allow here (unknown method, a call before the params...). */
  policyViolation: 1008,
  /** Over `maxPayload` (sent by `ws` itself). */
  messageTooBig: 1009,
  /** The server failed while reading the frame (never the client's fault). */
  internalError: 1011,
} as const;

export type ViolationReason =
  | "binary_frame"
  | "malformed_json"
  | "invalid_message"
  | "unknown_method"
  | "params_expected"
  | "malformed_params"
  | "batch_too_large"
  | "params_timeout";

export interface Violation {
  reason: ViolationReason;
  closeCode: number;
  /** What the client is told (in an error frame with id null) before the socket closes. */
  error: TRPCError;
}

export type Frame =
  | { kind: "ping" }
  | { kind: "pong" }
  | { kind: "params"; params: ConnectionParams }
  | { kind: "calls"; messages: ParsedMessage[] }
  | { kind: "violation"; violation: Violation };

const METHODS = new Set(["query", "mutation", "subscription", "subscription.stop"]);

/** The error code each fault is reported with: the one tRPC's own adapter answers it with, where it has one. */
const ERROR_CODE: Record<ViolationReason, TRPCError["code"]> = {
  binary_frame: "PARSE_ERROR",
  malformed_json: "PARSE_ERROR",
  invalid_message: "PARSE_ERROR",
  unknown_method: "PARSE_ERROR",
  params_expected: "PARSE_ERROR",
  malformed_params: "PARSE_ERROR",
  batch_too_large: "BAD_REQUEST",
  params_timeout: "TIMEOUT",
};

export function makeViolation(reason: ViolationReason, closeCode: number, message: string, cause?: unknown): Violation {
  return { reason, closeCode, error: new TRPCError({ code: ERROR_CODE[reason], message, cause }) };
}

function violation(reason: ViolationReason, closeCode: number, message: string, cause?: unknown): Frame {
  return { kind: "violation", violation: makeViolation(reason, closeCode, message, cause) };
}

/**
 * `expectingParams`: the socket announced (`?connectionParams=1`) that its first message carries
 * the connection params, and they have not come yet: anything else first is a violation (tRPC's
 * own adapter would take a call there as malformed params and close too).
 */
export function readFrame(raw: RawData, isBinary: boolean, expectingParams: boolean, router: AnyRouter, maxBatch: number): Frame {
  if (isBinary || !Buffer.isBuffer(raw))
    return violation("binary_frame", CLOSE.unsupportedData, "Binary frames are not supported: send JSON text");
  const text = raw.toString("utf8");
  if (text === "PING") return { kind: "ping" };
  if (text === "PONG") return { kind: "pong" };
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch (cause) {
    return violation("malformed_json", CLOSE.invalidPayload, "The message is not JSON", cause);
  }
  if (expectingParams) {
    const method = (decoded as { method?: unknown } | null)?.method;
    if (method !== "connectionParams") {
      return violation("params_expected", CLOSE.policyViolation, "The first message must be the connection params (connectionParams=1)");
    }
    try {
      return { kind: "params", params: parseConnectionParamsFromUnknown((decoded as { data?: unknown }).data ?? null) };
    } catch (cause) {
      return violation("malformed_params", CLOSE.invalidPayload, "Malformed TRPCConnectionParamsMessage", cause);
    }
  }
  const batch = Array.isArray(decoded) ? decoded : [decoded];
  if (batch.length > maxBatch) return violation("batch_too_large", CLOSE.policyViolation, `At most ${maxBatch} calls in one message`);
  if (batch.length === 0) return violation("invalid_message", CLOSE.invalidPayload, "An empty batch");
  const { transformer } = router._def._config;
  const messages: ParsedMessage[] = [];
  for (const item of batch) {
    const method = (item as { method?: unknown } | null)?.method;
    if (typeof method === "string" && !METHODS.has(method)) {
      return violation("unknown_method", CLOSE.policyViolation, `Unknown method ${JSON.stringify(method.slice(0, 40))}`);
    }
    let message: ParsedMessage;
    try {
      message = parseTRPCMessage(item, transformer);
    } catch (cause) {
      return violation("invalid_message", CLOSE.invalidPayload, "Not a message of the tRPC protocol", cause);
    }
    if (message.id === null) return violation("invalid_message", CLOSE.invalidPayload, "`id` is required");
    messages.push(message);
  }
  return { kind: "calls", messages };
}
