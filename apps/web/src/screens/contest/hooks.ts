// A contest page's live data: the contest read with the server's clock, the standings from one
// subscription, and the player's own submissions (refreshed by the standings and while judging).
import type { Board } from "@codeduel/api";
import { useCallback, useEffect, useRef, useState } from "react";
import { type Api, errorMessage } from "../../api.ts";
import { applyStandings } from "../../contest-board.ts";
import { type AsyncState, useAsync, useNow } from "../../util.ts";

export type ContestView = Awaited<ReturnType<Api["contest"]["get"]["query"]>>;
export type ContestPhase = ContestView["phase"];
/** A problem as participants see it (as the client receives it: `unknown` values may be missing). */
export type ContestProblem = Awaited<ReturnType<Api["contest"]["problems"]["query"]>>[number];

/**
 * The contest, and how far the server's clock is ahead of this one (ms): the server's time is
 * taken as of the middle of the round trip. Start, end and freeze are by the server's clock, so
 * the countdown and the moment the problems appear do not depend on a wrong clock here.
 */
export function useContest(api: Api, contestId: string): AsyncState<{ view: ContestView; offset: number }> {
  return useAsync(async () => {
    const sent = Date.now();
    const view = await api.contest.get.query({ contestId });
    const offset = Date.parse(view.serverNow) - (sent + Date.now()) / 2;
    return { view, offset };
  }, [api, contestId]);
}

/** The server's time now, re-rendering every `ms`. */
export function useServerNow(offset: number, ms = 1000): number {
  return useNow(ms) + offset;
}

export function phaseAt(c: { startsAt: string; endsAt: string }, now: number): ContestPhase {
  return now < Date.parse(c.startsAt) ? "upcoming" : now < Date.parse(c.endsAt) ? "running" : "ended";
}

/**
 * The board from one `contest.standings` subscription: the whole board, then each change. wsLink
 * resumes it after a drop with the last tracked id, so only the missed changes arrive. `onMine`
 * runs when the user's own row changes (a submission of theirs was made or judged).
 */
export function useStandings(
  api: Api,
  contestId: string,
  meId: string,
  onMine: () => void,
  /** Subscribes afresh when this changes: registering is not a standings change, a new board read shows it. */
  generation: unknown = 0,
): { board: Board | undefined; error: string | null } {
  const [board, setBoard] = useState<Board | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const mine = useRef(onMine);
  mine.current = onMine;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is there to subscribe afresh when it changes
  useEffect(() => {
    setBoard(undefined);
    setError(null);
    const sub = api.contest.standings.subscribe(
      { contestId },
      {
        onData(tracked) {
          const m = tracked.data;
          setBoard((b) => applyStandings(b, m));
          if (m.type === "change" && m.change.type === "cell" && m.change.userId === meId) mine.current();
        },
        onError(err) {
          setError(errorMessage(err));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, contestId, meId, generation]);
  return { board, error };
}

export type MySubmission = Awaited<ReturnType<Api["contest"]["mySubmissions"]["query"]>>[number];

/**
 * The user's own submissions, newest first. Asked again when `refresh()` is called (the user's
 * cell changed, or they just submitted) and every 1.5 s while one is being judged: after a freeze,
 * the public board no longer moves with their verdicts, so the board alone would not tell.
 */
export function useMySubmissions(api: Api, contestId: string, enabled: boolean): AsyncState<MySubmission[]> & { refresh(): void } {
  const subs = useAsync(async () => (enabled ? api.contest.mySubmissions.query({ contestId }) : []), [api, contestId, enabled]);
  const { reload } = subs;
  const judging = subs.data?.some((s) => s.status === "queued") ?? false;
  useEffect(() => {
    if (!judging) return;
    const t = setInterval(reload, 1500);
    return () => clearInterval(t);
  }, [judging, reload]);
  const refresh = useCallback(() => reload(), [reload]);
  return { ...subs, refresh };
}
