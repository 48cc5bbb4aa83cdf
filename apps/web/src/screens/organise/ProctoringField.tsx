// The contest form's proctoring: off, or the signals collected with their weights, the scores that
// warn and disqualify, the grace for a moment away, the shortest paste and longest disconnection
// counted, and fullscreen.
import type { ChangeEvent } from "react";
import { SIGNAL_NAME, SIGNALS } from "../contest/proctoring/words.ts";
import type { ProctoringValues } from "./proctoring-values.ts";

type NumberKey = "warnAt" | "disqualifyAt" | "graceMs" | "pasteMinChars" | "disconnectAfterSeconds";

export function ProctoringField({ value, onChange }: { value: ProctoringValues; onChange: (next: ProctoringValues) => void }) {
  const v = value;
  const number = (key: NumberKey, label: string, min: number, max: number) => (
    <label>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        required
        value={v[key]}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...v, [key]: e.target.value })}
      />
    </label>
  );
  const setSignal = (s: (typeof SIGNALS)[number], part: Partial<ProctoringValues["signals"][typeof s]>) =>
    onChange({ ...v, signals: { ...v.signals, [s]: { ...v.signals[s], ...part } } });

  return (
    <fieldset className="proctoring-field">
      <legend>Proctoring</legend>
      <label className="inline check">
        <input type="checkbox" checked={v.on} onChange={(e) => onChange({ ...v, on: e.target.checked })} />
        Proctored: the contest page reports the signals chosen here (participants are told which)
      </label>
      {v.on && (
        <>
          <fieldset className="proctor-signals">
            <legend>Signals collected, and the points each occurrence adds</legend>
            {SIGNALS.map((s) => (
              <div key={s} className="signal-row">
                <label className="inline check">
                  <input type="checkbox" checked={v.signals[s].on} onChange={(e) => setSignal(s, { on: e.target.checked })} />
                  {SIGNAL_NAME[s]}
                </label>
                <label className="inline weight">
                  Weight<span className="sr-only"> of {SIGNAL_NAME[s]}</span>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    disabled={!v.signals[s].on}
                    value={v.signals[s].weight}
                    onChange={(e) => setSignal(s, { weight: e.target.value })}
                  />
                </label>
              </div>
            ))}
          </fieldset>
          <div className="form-row">
            {number("warnAt", "Warn at score", 1, 1000)}
            {number("disqualifyAt", "Disqualify at score", 1, 1000)}
          </div>
          <div className="form-row">
            {number("graceMs", "Grace for a moment away (ms)", 0, 60_000)}
            {number("pasteMinChars", "Shortest paste counted (characters)", 1, 100_000)}
            {number("disconnectAfterSeconds", "Longest disconnection allowed (s)", 1, 3600)}
          </div>
          <label className="inline check">
            <input
              type="checkbox"
              checked={v.requireFullscreen}
              onChange={(e) => onChange({ ...v, requireFullscreen: e.target.checked })}
            />
            Require fullscreen (leaving it counts when "{SIGNAL_NAME.fullscreen_exit}" is collected)
          </label>
        </>
      )}
    </fieldset>
  );
}
