// The browser events behind each signal, listened to only when the policy collects that signal:
// nothing else on the page is observed. The workspace marks where pastes and copies count with
// `data-proctor-zone` ("editor", "statement").
import { type AwaySignal, AwayTracker } from "./away.ts";
import type { Report } from "./outbox.ts";
import { channelName, TabWatch, THIS_TAB } from "./tabs.ts";
import type { ProctorPolicy, ProctorSignal } from "./words.ts";

export type Reporter = (signal: ProctorSignal, detail?: Report["detail"]) => void;

/** Whether a node lies in a marked part of the page. */
function inZone(node: Node | null | undefined, zone: "editor" | "statement"): boolean {
  const el = node instanceof Element ? node : (node?.parentElement ?? null);
  return el?.closest(`[data-proctor-zone="${zone}"]`) != null;
}

/** Starts listening; returns what stops it. */
export function watchSignals(contestId: string, policy: ProctorPolicy, report: Reporter, onOtherTabs: (count: number) => void): () => void {
  const collects = (s: ProctorSignal) => policy.signals[s] !== undefined;
  const stops: (() => void)[] = [];
  const listen = <K extends string>(target: EventTarget, type: K, fn: (e: Event) => void, capture = false) => {
    target.addEventListener(type, fn, capture);
    stops.push(() => target.removeEventListener(type, fn, capture));
  };

  if (collects("tab_hidden") || collects("window_blur")) {
    const away = new AwayTracker({
      collects: { tab_hidden: collects("tab_hidden"), window_blur: collects("window_blur") },
      graceMs: policy.graceMs,
      report: (signal: AwaySignal, awayMs) => report(signal, awayMs === undefined ? {} : { awayMs }),
    });
    stops.push(() => away.reset());
    // A page being unloaded (a reload, closing the tab, following a link) is hidden and may lose
    // focus, after `pagehide`: leaving the contest that way is not a time away (a disconnection is
    // the server's to see).
    let unloading = false;
    listen(window, "pagehide", () => {
      unloading = true;
      away.reset();
    });
    listen(window, "pageshow", () => {
      unloading = false;
    });
    if (collects("tab_hidden")) {
      listen(document, "visibilitychange", () => {
        if (!unloading) away.hidden(document.visibilityState === "hidden");
      });
    }
    if (collects("window_blur")) {
      listen(window, "blur", () => !unloading && away.blurred(true));
      listen(window, "focus", () => !unloading && away.blurred(false));
    }
  }

  if (collects("fullscreen_exit") && policy.requireFullscreen) {
    let inFullscreen = document.fullscreenElement !== null;
    listen(document, "fullscreenchange", () => {
      const now = document.fullscreenElement !== null;
      if (inFullscreen && !now) report("fullscreen_exit");
      inFullscreen = now;
    });
  }

  if (collects("paste")) {
    // Capture: the editor handles the paste itself; this only reads how long it was.
    listen(
      document,
      "paste",
      (e) => {
        if (!inZone(e.target as Node, "editor")) return;
        const chars = (e as ClipboardEvent).clipboardData?.getData("text/plain").length ?? 0;
        if (chars >= policy.pasteMinChars) report("paste", { chars });
      },
      true,
    );
  }

  if (collects("copy")) {
    // A copy's target is the focused element (often the body), so the selection says where it came from.
    listen(
      document,
      "copy",
      (e) => {
        const sel = document.getSelection();
        if (inZone(e.target as Node, "statement") || inZone(sel?.anchorNode, "statement") || inZone(sel?.focusNode, "statement")) {
          report("copy");
        }
      },
      true,
    );
  }

  if (collects("second_tab") && typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel(channelName(contestId));
    const tabs = new TabWatch(
      (m) => channel.postMessage(m),
      THIS_TAB,
      () => report("second_tab"),
      onOtherTabs,
    );
    channel.onmessage = (e) => tabs.heard(e.data);
    // Closing the tab unmounts nothing: say goodbye as the page goes, and hello if it comes back.
    listen(window, "pagehide", () => tabs.stop());
    listen(window, "pageshow", (e) => (e as PageTransitionEvent).persisted && tabs.hello());
    stops.push(() => {
      tabs.stop();
      channel.close();
    });
  }

  return () => {
    for (const stop of stops) stop();
  };
}
