// The battle screen's live data: the event log and both players' mirrored code (subscriptions),
// and the throttled sender of the player's own code.
import { useCallback, useEffect, useRef, useState } from "react";
import { type Api, errorCode, errorMessage } from "../../api.ts";
import { type BattleEvent, insertEvent } from "../../battle-state.ts";
import type { Language } from "../../languages.ts";
import { useSession } from "../../session.tsx";

/** The battle's event log, live: a tracked subscription that wsLink resumes after a drop. */
export function useBattleEvents(api: Api, battleId: string): { events: BattleEvent[]; error: string | null } {
  const [events, setEvents] = useState<BattleEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setEvents([]);
    const sub = api.battle.events.subscribe(
      { battleId },
      {
        onData(tracked) {
          setEvents((log) => insertEvent(log, tracked.data));
        },
        onError(err) {
          setError(errorMessage(err));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, battleId]);
  return { events, error };
}

/** A player's latest editor content, with the mode it is written in. */
export interface MirroredCode {
  code: string;
  language: Language;
}

/** Both players' latest code: a snapshot first, then every update. */
export function useMirroredCode(api: Api, battleId: string): Map<string, MirroredCode> {
  const [code, setCode] = useState<Map<string, MirroredCode>>(new Map());
  const versions = useRef(new Map<string, number>());
  useEffect(() => {
    versions.current = new Map();
    const sub = api.battle.code.subscribe(
      { battleId },
      {
        onData(update) {
          // A resubscription starts again with a snapshot; never step back to an older version.
          if (update.version < (versions.current.get(update.userId) ?? 0)) return;
          versions.current.set(update.userId, update.version);
          setCode((m) => new Map(m).set(update.userId, { code: update.code, language: update.language }));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, battleId]);
  return code;
}

/** Sends the editor content at most every 100 ms, and only over an open socket (the latest wins). */
export function useCodeSender(api: Api, battleId: string, active: boolean) {
  const { link } = useSession();
  const pending = useRef<MirroredCode | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(0);
  const linkRef = useRef(link);
  linkRef.current = link;
  const activeRef = useRef(active);
  activeRef.current = active;

  const flush = useCallback(() => {
    timer.current = null;
    const update = pending.current;
    if (update === null || !activeRef.current) return;
    if (linkRef.current !== "open") return; // sent when the connection is back
    pending.current = null;
    lastSent.current = Date.now();
    api.battle.updateCode.mutate({ battleId, ...update }).catch((err: unknown) => {
      // Too fast (should not happen at 10 a second) or the battle just ended: the next keystroke resends.
      if (errorCode(err) === "TOO_MANY_REQUESTS" && pending.current === null) pending.current = update;
    });
  }, [api, battleId]);
  const schedule = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(flush, Math.max(0, lastSent.current + 100 - Date.now()));
  }, [flush]);
  useEffect(() => {
    if (link === "open" && pending.current !== null) schedule();
  }, [link, schedule]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(
    (update: MirroredCode) => {
      pending.current = update;
      schedule();
    },
    [schedule],
  );
}
