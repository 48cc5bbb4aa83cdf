// Small formatting helpers shared by the report's renderings and the progress line.

export function total(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

/** ` (a 1, b 2)`, the entries above 0; empty when there are none. */
export function list(record: Record<string, number>): string {
  const parts = Object.entries(record).filter(([, n]) => n > 0);
  return parts.length ? ` (${parts.map(([k, n]) => `${k} ${n}`).join(", ")})` : "";
}

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
export const pad = (s: string, width: number) => s.padStart(width);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
export const pct = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)}%`);
export const mb = (n: number | null) => (n === null ? "-" : `${(n / 1024 / 1024).toFixed(1)} MB`);
export const num = (n: number | null) => (n === null ? "-" : String(n));
export const ms = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)} ms`);
export const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
export const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 4 : 1));
