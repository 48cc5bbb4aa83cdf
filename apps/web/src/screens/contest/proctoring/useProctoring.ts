// A proctored contest on its participant's page: their record from `contest.proctoring` (the
// policy, where they stand, their log, resumed after a drop by wsLink), and while the contest runs
// and they are not disqualified, the page's signals the policy collects, each sent at once through
// the outbox (kept and sent again until the server has it).
import { useEffect, useRef, useState } from "react";
import { errorCode, errorMessage } from "../../../api.ts";
import { useSession } from "../../../session.tsx";
import { ReportOutbox } from "./outbox.ts";
import { applyProctor, EMPTY_RECORD, type ProctorRecord } from "./record.ts";
import { watchSignals } from "./watch.ts";
import type { ProctorPolicy } from "./words.ts";

export interface Proctoring {
  record: ProctorRecord;
  /** The subscription failed (it is opened again after a reconnect). */
  error: string | null;
  /** Reports waiting for the connection. */
  unsent: number;
  /** Other tabs of this browser with the contest open (when the policy collects second tabs). */
  otherTabs: number;
  fullscreen: { supported: boolean; active: boolean; enter(): void };
}

/** Answers a resend would get again: the report is dropped. Anything else (no answer, busy, rate limited) is sent again. */
const FINAL = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "UNAUTHORIZED", "PARSE_ERROR", "PAYLOAD_TOO_LARGE"]);
const isFinal = (err: unknown) => FINAL.has(errorCode(err) ?? "");

function sessionStore(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

function useFullscreen(onError: (message: string) => void): Proctoring["fullscreen"] {
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const changed = () => setActive(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, []);
  return {
    supported: document.fullscreenEnabled,
    active,
    enter: () => void document.documentElement.requestFullscreen().catch((err: unknown) => onError(errorMessage(err))),
  };
}

export function useProctoring(
  contestId: string,
  policy: ProctorPolicy | null,
  { registered, running }: { registered: boolean; running: boolean },
): Proctoring {
  const { api, link } = useSession();
  const [record, setRecord] = useState<ProctorRecord>(EMPTY_RECORD);
  const [error, setError] = useState<string | null>(null);
  const [unsent, setUnsent] = useState(0);
  const [otherTabs, setOtherTabs] = useState(0);
  const fullscreen = useFullscreen(setError);
  const outbox = useRef<ReportOutbox | null>(null);
  const subscribed = policy !== null && registered;

  useEffect(() => {
    setRecord(EMPTY_RECORD);
    setError(null);
    if (!subscribed) return;
    const sub = api.contest.proctoring.subscribe(
      { contestId },
      {
        onData(tracked) {
          setError(null);
          setRecord((r) => applyProctor(r, tracked.data));
        },
        onError(err) {
          setError(errorMessage(err));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, contestId, subscribed]);

  useEffect(() => {
    if (!subscribed) return;
    const o = new ReportOutbox({
      contestId,
      send: (r) => api.contest.report.mutate(r),
      isFinal,
      store: sessionStore(),
      onPending: setUnsent,
    });
    outbox.current = o;
    setUnsent(o.pending);
    void o.flush();
    return () => {
      o.close();
      outbox.current = null;
    };
  }, [api, contestId, subscribed]);

  // The socket is back: send what waited at once rather than at the next retry.
  useEffect(() => {
    if (link === "open") void outbox.current?.flush();
  }, [link]);

  // Watches only once the server said where the participant stands (a disqualified one is not
  // watched), and under the server's policy. Keyed by the policy's text: the same policy arriving
  // again after a reconnect must not restart the watch (a second tab would be reported again).
  const policyText = record.policy && running && record.disqualified === null ? JSON.stringify(record.policy) : null;
  useEffect(() => {
    if (!policyText) return;
    const stop = watchSignals(
      contestId,
      JSON.parse(policyText) as ProctorPolicy,
      (signal, detail) => outbox.current?.add(signal, detail),
      setOtherTabs,
    );
    return () => {
      stop();
      setOtherTabs(0);
    };
  }, [contestId, policyText]);

  return { record, error, unsent, otherTabs, fullscreen };
}
