// Parsers of single option values (numbers, durations, rates, URLs, ids), each failing with a
// UsageError whose one-line message names the option and what it expected.
import type { Target } from "./options.ts";

/** A bad or missing option value: main prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function parseTargets(text: string): Target[] {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) throw new UsageError(`--url: empty URL in "${text}"`);
  return parts.map((part) => {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new UsageError(`--url: "${part}" is not a URL (expected e.g. http://127.0.0.1:3000)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new UsageError(`--url: "${part}" must start with http:// or https:// (the WebSocket URL is derived from it)`);
    }
    if (url.search || url.hash) throw new UsageError(`--url: "${part}" must not have a query or fragment`);
    const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    const ws = `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}${url.pathname.replace(/\/+$/, "")}/ws`;
    return { base, ws };
  });
}

export function parseInteger(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${name}: "${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${name}: ${n} is out of range (${min} to ${max})`);
  return n;
}

export function parsePositive(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${name}: "${text}" is not a positive number`);
  return n;
}

/** A number from 0 to `max`, fractions allowed (a rate per minute may be 0.5). */
export function parseNonNegative(name: string, text: string, max: number): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0 || n > max)
    throw new UsageError(`${name}: "${text}" is not a number from 0 to ${max}`);
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `2m`, `1.5h`, `250ms`, or a bare number of milliseconds. */
export function parseDuration(name: string, text: string, minMs: number, maxMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match?.[1]) throw new UsageError(`${name}: "${text}" is not a duration (e.g. 30s, 2m, 1h, 500ms or a number of ms)`);
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1));
  if (ms < minMs || ms > maxMs) throw new UsageError(`${name}: ${text} is out of range (${minMs} ms to ${maxMs / 1000} s)`);
  return ms;
}

export function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`${name}: "${text}" is not one of ${choices.join(", ")}`);
  return text as T;
}

/** `0.01` or `1%`. */
export function parseRate(name: string, text: string): number {
  const percent = text.trim().endsWith("%");
  const n = Number(percent ? text.trim().slice(0, -1) : text);
  const rate = percent ? n / 100 : n;
  if (text.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UsageError(`${name}: "${text}" is not a rate between 0 and 1 (e.g. 0.01 or 1%)`);
  }
  return rate;
}

/** What the server's `z.uuid()` takes: an RFC 9562 UUID (version 1-8, variant 10xx), or the nil and max ones. */
const UUID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

/** An id as the server takes it, lower-cased. */
export function parseUuid(name: string, text: string, what: string): string {
  if (!UUID.test(text.trim()))
    throw new UsageError(`${name}: "${text}" is not ${what} (a UUID such as 0b6f1c2e-5d4a-4c3b-9a8e-7f6d5c4b3a29)`);
  return text.trim().toLowerCase();
}

export function parseOutFile(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === "") throw new UsageError("--out: empty file name");
  return text;
}
