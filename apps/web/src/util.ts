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

/** JSON for display, cut short for huge test inputs. */
export function show(value: unknown, max = 240): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString()} characters)` : text;
}

/** A test's arguments as a call: `f([1, 2], 3)`. */
export function callText(functionName: string, input: readonly unknown[], max = 240): string {
  const args = input.map((a) => show(a, max)).join(", ");
  return `${functionName}(${args.length > max ? `${args.slice(0, max)}…` : args})`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
