import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "./api.ts";

/** Re-renders every `ms` while mounted, for countdowns and wait timers. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** A query that runs on mount and when `deps` change; `refreshMs` polls it. */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList, refreshMs?: number): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to run again
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (cancelled) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, tick]);
  useEffect(() => {
    if (!refreshMs) return;
    const t = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(t);
  }, [refreshMs]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** 125000 -> "2:05"; negative -> "0:00". */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** How values are written: JSON for JavaScript and TypeScript players, literals for Python ones. */
export type ValueStyle = "json" | "python";

/** A JSON-compatible value as a Python literal: `True`, `None`, `[1, 2]`, `{"a": 1}`. */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  // A JSON string literal is a valid Python one.
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A value for display, cut short for huge test inputs. */
export function show(value: unknown, max = 240, style: ValueStyle = "json"): string {
  let text: string;
  try {
    text = style === "python" ? pythonLiteral(value) : value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString()} characters)` : text;
}

/** A test's arguments as a call: `f([1, 2], 3)`. */
export function callText(functionName: string, input: readonly unknown[], max = 240, style: ValueStyle = "json"): string {
  const args = input.map((a) => show(a, max, style)).join(", ");
  return `${functionName}(${args.length > max ? `${args.slice(0, max)}…` : args})`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A countdown that may be days long: "45:07", "2:05:07", "3d 2:05:07". */
export function longClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const rest = clock((total % 3600) * 1000);
  if (days === 0 && h === 0) return rest;
  const hms = `${h}:${rest.padStart(5, "0")}`;
  return days > 0 ? `${days}d ${hms}` : hms;
}

/** Ctrl/Cmd+Enter calls `submit` from anywhere on the page (inside the editor, its own keymap does). */
export function useSubmitShortcut(submit: () => Promise<void> | void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest(".cm-editor")) return;
      e.preventDefault();
      void submit();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit]);
}
