// Turns whatever a call threw into a short, stable label ("CONFLICT", "WS_CLOSED", "TIMEOUT", ...),
// so errors can be counted by type without keeping one entry per distinct message.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function errorKind(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; data?: { code?: unknown } | null; cause?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : String(err);
  // A tRPC error from the server: its code (CONFLICT, TOO_MANY_REQUESTS, ...) and, since one code
  // covers several refusals ("already in a battle", "still being judged"), its message class.
  if (typeof e?.data?.code === "string") return `${e.data.code} ${messageClass(message, 60)}`.trim();
  const name = typeof e?.name === "string" ? e.name : "";
  if (name === "AbortError" || name === "TimeoutError" || /aborted|timed out/i.test(message)) return "TIMEOUT";
  const code = systemCode(err);
  if (code) return code;
  if (/websocket closed|closed before connection|connection closed/i.test(message)) return "WS_CLOSED";
  return `ERROR ${messageClass(message, 80)}`;
}

/** A message with ids and numbers blanked, so repeats of one kind share one label. */
function messageClass(message: string, max: number): string {
  return message.replace(UUID, "<id>").replace(/\d+/g, "N").slice(0, max);
}

/** ECONNREFUSED, ECONNRESET, EMFILE, ... from the error or anything it wraps. */
function systemCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown; error?: unknown } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === "string" && /^E[A-Z]+$/.test(e.code)) return e.code;
    e = (e.cause ?? e.error) as typeof e;
  }
  return undefined;
}

/** True for the refusal a player gets when the battle ended while its call was on the way. */
export function isBattleOver(err: unknown): boolean {
  const e = err as { message?: unknown; data?: { code?: unknown } | null } | null;
  return e?.data?.code === "CONFLICT" && typeof e.message === "string" && /battle is (over|not running)/i.test(e.message);
}
