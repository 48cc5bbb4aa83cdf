// Submitting: the code being typed goes to battle.submit when the rhythm says so, one submission at a
// time; its verdict settles it, and a rejection starts the next attempt (a new draw from --mix).
import { mixEntry } from "./args.ts";
import type { Battle, PlayerContext } from "./battle-state.ts";
import { isBattleOver } from "./errors.ts";
import { codeFor } from "./submissions.ts";

export function submit(p: PlayerContext, battle: Battle): void {
  const client = p.connection.client;
  const rhythm = p.rhythm;
  const challenge = battle.challenge;
  if (battle.finished || battle.accepted || battle.inflight || p.stopping || !client || !rhythm || !challenge) return;
  const { metrics } = p.world;
  const kind = battle.nextKind;
  const entry = mixEntry(kind);
  const inflight = { kind, sentAt: p.world.now(), id: undefined as string | undefined };
  battle.inflight = inflight;
  metrics.submitted(kind);
  metrics.call();
  client.battle.submit.mutate({ battleId: battle.id, language: entry.language, code: codeFor(entry, challenge) }).then(
    ({ submissionId }) => {
      inflight.id = submissionId;
      battle.languages.set(submissionId, entry.language);
      const early = battle.early.get(submissionId);
      if (early) {
        battle.early.delete(submissionId);
        onVerdict(p, battle, submissionId, early.status, early.at);
      }
    },
    (err: unknown) => {
      if (battle.inflight === inflight) settle(battle);
      if (isBattleOver(err)) {
        metrics.refusal("battle.submit", "battle over");
        return;
      }
      metrics.error("battle.submit", err);
      if (!battle.finished && !p.stopping) battle.submitTimer = setTimeout(() => submit(p, battle), rhythm.resubmitMs(p.rng));
    },
  );
}

export function onVerdict(p: PlayerContext, battle: Battle, submissionId: string, status: string, at: number): void {
  const { metrics } = p.world;
  const inflight = battle.inflight;
  if (inflight && inflight.id === undefined) {
    // The verdict overtook the reply to battle.submit: keep it until the reply names it.
    if (battle.early.size < 16) battle.early.set(submissionId, { status, at });
    return;
  }
  metrics.verdict(status, battle.languages.get(submissionId));
  if (inflight?.id === submissionId) {
    metrics.record("verdict", at - inflight.sentAt);
    settle(battle);
  }
  if (status === "accepted") {
    battle.accepted = true; // battle_finished follows
    return;
  }
  if (inflight?.id !== submissionId || battle.finished || p.stopping || !battle.challenge || !p.rhythm) return;
  // Rejected: start typing the next attempt, and submit it after a while.
  battle.nextKind = p.rng.weighted(p.world.options.mix);
  battle.target = codeFor(mixEntry(battle.nextKind), battle.challenge);
  battle.typed = Math.min(battle.typed, battle.target.length);
  battle.submitTimer = setTimeout(() => submit(p, battle), p.rhythm.resubmitMs(p.rng));
}

/** The submission in flight has its outcome: a drain waiting for it may go on. */
export function settle(battle: Battle): void {
  battle.inflight = undefined;
  battle.settled?.();
  battle.settled = undefined;
}
