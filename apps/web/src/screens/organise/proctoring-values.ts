// A contest form's proctoring values (numbers as typed) and the API's policy, both ways. The server
// checks the policy again; this names the field at fault first.
import type { Api } from "../../api.ts";
import { type ProctorSignal, SIGNAL_NAME, SIGNALS } from "../contest/proctoring/words.ts";

/** The policy as a contest's input takes it (defaults may be left out). */
type PolicyInput = NonNullable<Parameters<Api["contestAdmin"]["create"]["mutate"]>[0]["proctoring"]>;

export interface ProctoringValues {
  on: boolean;
  signals: Record<ProctorSignal, { on: boolean; weight: string }>;
  warnAt: string;
  disqualifyAt: string;
  graceMs: string;
  pasteMinChars: string;
  disconnectAfterSeconds: string;
  requireFullscreen: boolean;
}

/** Off; when turned on, the two signals every browser reports, one point each, and the server's defaults. */
export function newProctoringValues(): ProctoringValues {
  const signals = Object.fromEntries(SIGNALS.map((s) => [s, { on: s === "tab_hidden" || s === "window_blur", weight: "1" }]));
  return {
    on: false,
    signals: signals as ProctoringValues["signals"],
    warnAt: "1",
    disqualifyAt: "3",
    graceMs: "0",
    pasteMinChars: "200",
    disconnectAfterSeconds: "30",
    requireFullscreen: false,
  };
}

export function proctoringValuesOf(p: PolicyInput | null | undefined): ProctoringValues {
  const fresh = newProctoringValues();
  if (!p) return fresh;
  const signals = Object.fromEntries(
    SIGNALS.map((s) => {
      const weight = p.signals[s]?.weight;
      return [s, { on: weight !== undefined, weight: String(weight ?? 1) }];
    }),
  );
  const text = (n: number | undefined, fallback: string) => (n === undefined ? fallback : String(n));
  return {
    on: true,
    signals: signals as ProctoringValues["signals"],
    warnAt: text(p.warnAt, fresh.warnAt),
    disqualifyAt: text(p.disqualifyAt, fresh.disqualifyAt),
    graceMs: text(p.graceMs, fresh.graceMs),
    pasteMinChars: text(p.pasteMinChars, fresh.pasteMinChars),
    disconnectAfterSeconds: text(p.disconnectAfterSeconds, fresh.disconnectAfterSeconds),
    requireFullscreen: p.requireFullscreen ?? false,
  };
}

/** A whole number in [min, max], or what is wrong with it. */
function whole(text: string, what: string, min: number, max: number): number | string {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min || n > max) return `${what}: a whole number from ${min} to ${max}`;
  return n;
}

/** The policy (null: not proctored), or what is wrong. */
export function proctoringInput(v: ProctoringValues): { policy: PolicyInput | null } | { error: string } {
  if (!v.on) return { policy: null };
  const signals: PolicyInput["signals"] = {};
  for (const s of SIGNALS) {
    if (!v.signals[s].on) continue;
    const weight = whole(v.signals[s].weight, `Proctoring, weight of "${SIGNAL_NAME[s]}"`, 0, 100);
    if (typeof weight === "string") return { error: weight };
    signals[s] = { weight };
  }
  if (Object.keys(signals).length === 0) return { error: "Proctoring: collect at least one signal, or turn proctoring off" };
  const fields = [
    ["warnAt", "Warn at score", 1, 1000],
    ["disqualifyAt", "Disqualify at score", 1, 1000],
    ["graceMs", "Grace", 0, 60_000],
    ["pasteMinChars", "Shortest paste counted", 1, 100_000],
    ["disconnectAfterSeconds", "Longest disconnection allowed", 1, 3600],
  ] as const;
  const numbers: Partial<Record<(typeof fields)[number][0], number>> = {};
  for (const [key, what, min, max] of fields) {
    const n = whole(v[key], `Proctoring, ${what.toLowerCase()}`, min, max);
    if (typeof n === "string") return { error: n };
    numbers[key] = n;
  }
  const { warnAt = 1, disqualifyAt = 3 } = numbers;
  if (warnAt > disqualifyAt) return { error: "Proctoring: warn at or before the disqualification score" };
  return { policy: { signals, ...numbers, warnAt, disqualifyAt, requireFullscreen: v.requireFullscreen } };
}
