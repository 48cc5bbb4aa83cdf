// A proctoring policy and its log in plain words, shared by the participant's page and the
// organiser's panel. Types only from the API: the policy module brings zod, which the app does not ship.
import type { ProctorEvent } from "@codeduel/api";
import type { ProctorPolicy, ProctorSignal } from "@codeduel/api/proctoring-policy";

export type { ProctorPolicy, ProctorSignal };

/** Every signal with its short name (organiser's form, tables); the keys are the full list, checked by the compiler. */
export const SIGNAL_NAME: Record<ProctorSignal, string> = {
  tab_hidden: "Tab hidden",
  window_blur: "Window loses focus",
  fullscreen_exit: "Fullscreen left",
  paste: "Paste into the editor",
  copy: "Copy from the statement",
  second_tab: "Second tab",
  disconnect: "Disconnected",
};

export const SIGNALS = Object.keys(SIGNAL_NAME) as ProctorSignal[];

/** What the page collects, as the notice lists it. */
export function collectedText(signal: ProctorSignal, policy: ProctorPolicy): string {
  switch (signal) {
    case "tab_hidden":
      return "the contest tab being hidden (another tab in front, or the browser minimised)";
    case "window_blur":
      return "the browser window losing focus (another window or app in front)";
    case "fullscreen_exit":
      return "leaving fullscreen";
    case "paste":
      return `a paste of ${policy.pasteMinChars} or more characters into the editor (its length only, never the text)`;
    case "copy":
      return "copying from the problem statement";
    case "second_tab":
      return "the contest open in a second tab of this browser";
    case "disconnect":
      return `your connection gone for ${policy.disconnectAfterSeconds} s or more (seen by the server)`;
  }
}

/** What a violation says the participant did. */
export function didText(e: Pick<ProctorEvent, "signal" | "detail">, you = true): string {
  const who = you ? "you" : "they";
  switch (e.signal) {
    case "tab_hidden":
      return `${who} left the contest tab`;
    case "window_blur":
      return `${who} switched to another window`;
    case "fullscreen_exit":
      return `${who} left fullscreen`;
    case "paste":
      return `${who} pasted ${e.detail?.chars ?? "many"} characters into the editor`;
    case "copy":
      return `${who} copied from the statement`;
    case "second_tab":
      return `${who} opened the contest in a second tab`;
    case "disconnect":
      return `${you ? "your" : "their"} connection was gone for ${Math.round((e.detail?.awayMs ?? 0) / 1000)} s`;
    default:
      return "an unknown signal";
  }
}

/** The signals a policy collects, in the list's order. */
export function collectedSignals(policy: ProctorPolicy): { signal: ProctorSignal; weight: number }[] {
  return SIGNALS.flatMap((signal) => {
    const weight = policy.signals[signal]?.weight;
    return weight === undefined ? [] : [{ signal, weight }];
  });
}

export const points = (n: number) => `${n} ${n === 1 ? "point" : "points"}`;

/** The policy's thresholds in one sentence. */
export function thresholdsText(policy: ProctorPolicy): string {
  const grace = policy.graceMs > 0 ? ` Leaving the tab or window for less than ${policy.graceMs / 1000} s is not counted.` : "";
  return `A warning from a score of ${policy.warnAt}; disqualified at ${policy.disqualifyAt}.${grace}`;
}

/** One line of a log, as a participant (you) or an organiser (they) reads it. */
export function eventText(e: ProctorEvent, policy: ProctorPolicy | null, you = true): string {
  if (e.kind === "disqualified") return `Disqualified by ${e.by ?? "the organiser"}: ${e.reason ?? ""}`;
  if (e.kind === "reinstated") return `Reinstated by ${e.by ?? "the organiser"}: ${e.reason ?? ""}`;
  const did = didText(e, you);
  const of = policy ? ` of ${policy.disqualifyAt}` : "";
  const score = e.score === null ? "" : ` (+${e.weight ?? 0}, score ${e.score}${of})`;
  const outcome = e.outcome === "warning" ? " · warning" : e.outcome === "disqualified" ? ` · disqualified: ${e.reason ?? ""}` : "";
  return `${did[0]?.toUpperCase()}${did.slice(1)}${score}${outcome}`;
}

/** A time of the server's clock, in this browser's time zone, to the second. */
export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
