// The record of a battle as one player plays it: where it stands (the code being typed, the
// submission waiting for its verdict, the timers of the typing and submitting rhythm), and what the
// battle modules use of the player playing it. Kept apart from the modules that act on a battle
// (battle*.ts) so that they can share it without importing one another in a circle.
import type { Challenge } from "@codeduel/challenges";
import type { Language } from "@codeduel/judge";
import { type MixKey, mixEntry } from "./args.ts";
import type { Connection, Unsubscribable } from "./connection.ts";
import type { Rhythm } from "./patterns.ts";
import type { Rng } from "./rng.ts";
import { codeFor, findChallenge } from "./submissions.ts";
import type { PlayerTimers } from "./timers.ts";
import type { World } from "./world.ts";

/** What the battle modules use of the player playing the battle (player.ts builds it). */
export interface PlayerContext {
  readonly world: World;
  readonly rng: Rng;
  readonly rhythm: Rhythm | undefined;
  readonly connection: Connection;
  readonly timers: PlayerTimers;
  /** The run is ending: start nothing new. */
  readonly stopping: boolean;
  /** Called once the battle has finished, to move the player on. */
  battleEnded(battle: Battle): void;
}

/** A queue.events `matched`: the battle the player was paired into. */
export interface Matched {
  battleId: string;
  challengeId: string;
  opponentId: string;
}

export interface Battle {
  id: string;
  opponentId: string;
  challenge: Challenge | undefined;
  matchedAt: number;
  finished: boolean;
  accepted: boolean;
  lastEventId: string | undefined;
  events: Unsubscribable | undefined;
  code: Unsubscribable | undefined;
  typingTimer: NodeJS.Timeout | undefined;
  submitTimer: NodeJS.Timeout | undefined;
  /** The code being typed: what the next submission will be. */
  nextKind: MixKey;
  target: string;
  typed: number;
  updateInFlight: boolean;
  inflight: { kind: MixKey; sentAt: number; id: string | undefined } | undefined;
  /** The language of each submission the server took, for the per-language verdict counts. */
  languages: Map<string, Language>;
  /** Verdicts that overtook the reply to their battle.submit (rare, but possible). */
  early: Map<string, { status: string; at: number }>;
  /** Called when the submission in flight is settled, for the drain at the end of the run. */
  settled: (() => void) | undefined;
}

/** A battle just matched, with the first attempt's code drawn from --mix (none if the challenge is unknown). */
export function createBattle(p: PlayerContext, event: Matched, matchedAt: number): Battle {
  const challenge = findChallenge(event.challengeId);
  const nextKind = p.rng.weighted(p.world.options.mix);
  return {
    id: event.battleId,
    opponentId: event.opponentId,
    challenge,
    matchedAt,
    finished: false,
    accepted: false,
    lastEventId: undefined,
    events: undefined,
    code: undefined,
    typingTimer: undefined,
    submitTimer: undefined,
    nextKind,
    target: challenge ? codeFor(mixEntry(nextKind), challenge) : "",
    typed: 0,
    updateInFlight: false,
    inflight: undefined,
    early: new Map(),
    languages: new Map(),
    settled: undefined,
  };
}
