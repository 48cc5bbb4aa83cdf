// battle.events, the server's account of a battle: this player's verdicts go to battle-submit.ts, and
// battle_finished ends the battle here (its timers, subscriptions and counts), whoever ended it.
import type { Battle, PlayerContext } from "./battle-state.ts";
import { onVerdict, settle } from "./battle-submit.ts";

/**
 * The fields of battle.events this player reads. Structural on purpose: the server may add event
 * types (opponent_disconnected, ...) and fields, and those are ignored.
 */
interface BattleEventView {
  type: string;
  userId?: string;
  submissionId?: string;
  status?: string;
  reason?: string;
}

/** battle.events: verdicts and the end. Tracked, so wsLink resumes it after a reconnect. */
export function subscribeBattle(p: PlayerContext, battle: Battle): void {
  const client = p.connection.client;
  if (!client) return;
  p.world.metrics.call();
  const input = battle.lastEventId ? { battleId: battle.id, lastEventId: battle.lastEventId } : { battleId: battle.id };
  battle.events = client.battle.events.subscribe(input, {
    onData: (tracked) => {
      battle.lastEventId = tracked.id;
      onBattleEvent(p, battle, tracked.data.data);
    },
    onError: (err) => {
      if (battle.finished || p.stopping) return;
      p.world.metrics.error("battle.events", err);
      p.timers.after(1000, () => {
        if (!battle.finished) subscribeBattle(p, battle);
      });
    },
  });
}

function onBattleEvent(p: PlayerContext, battle: Battle, data: BattleEventView): void {
  if (data.type === "verdict") {
    if (data.userId === p.connection.userId && data.submissionId && data.status) {
      onVerdict(p, battle, data.submissionId, data.status, p.world.now());
    }
  } else if (data.type === "battle_finished") {
    onFinished(p, battle, data.reason ?? "unknown");
  }
  // battle_started, submission_queued, the opponent's presence and any newer type: nothing to do.
}

function onFinished(p: PlayerContext, battle: Battle, reason: string): void {
  if (battle.finished) return;
  const { metrics, localBattles, now } = p.world;
  battle.finished = true;
  clearTimeout(battle.typingTimer);
  clearTimeout(battle.submitTimer);
  battle.events?.unsubscribe();
  battle.code?.unsubscribe();
  if (battle.inflight) {
    metrics.submissionsOvertaken++;
    settle(battle);
  }
  // Battles ended by the run's own forfeits are counted apart, not as completed battles.
  if (localBattles.delete(battle.id) && !p.stopping) metrics.battleFinished(reason);
  if (!p.stopping) metrics.record("finish", now() - battle.matchedAt);
  p.battleEnded(battle);
}
