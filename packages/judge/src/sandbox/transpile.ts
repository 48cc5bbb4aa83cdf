// TypeScript -> JavaScript for submissions. Sucrase strips types without checking them and keeps
// every line where it was, so runtime errors and stack traces point at the player's own lines.
import { transform } from "sucrase";
import type { Language } from "../contract.ts";

export type TranspileResult = { ok: true; code: string } | { ok: false; message: string; line?: number; column?: number };

export function toJavaScript(language: Language, code: string): TranspileResult {
  if (language === "javascript") return { ok: true, code };
  try {
    return { ok: true, code: transform(code, { transforms: ["typescript"], disableESTransforms: true }).code };
  } catch (err) {
    const e = err as { message?: unknown; loc?: { line?: unknown; column?: unknown } };
    const message = `SyntaxError: ${typeof e.message === "string" ? e.message : "invalid TypeScript"}`;
    const line = typeof e.loc?.line === "number" ? e.loc.line : undefined;
    const column = typeof e.loc?.column === "number" ? e.loc.column : undefined;
    return { ok: false, message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
  }
}
