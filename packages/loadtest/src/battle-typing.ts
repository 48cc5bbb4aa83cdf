// A battle's code stream, both ends: this player's editor updates (battle.updateCode, at the
// pattern's typing rhythm) and the opponent's arriving on battle.code. When both players are in this
// process the two ends make one relay latency measurement (relay.ts).
import type { Battle, PlayerContext } from "./battle-state.ts";
import { isBattleOver } from "./errors.ts";

/** One editor update; the next one is scheduled at least 100 ms later (see patterns.ts). */
export function typeCode(p: PlayerContext, battle: Battle): void {
  const client = p.connection.client;
  const rhythm = p.rhythm;
  if (battle.finished || battle.accepted || p.stopping || !client || !rhythm || !p.connection.userId) return;
  // One update in flight at a time: a slow server makes the player type less, not queue more.
  if (!battle.updateInFlight && battle.target.length > 0) {
    battle.typed += rhythm.charsPerUpdate(p.rng);
    // Done typing: go back over the last part, as someone tidying up does.
    if (battle.typed > battle.target.length) battle.typed = Math.floor(battle.target.length * 0.6);
    const code = battle.target.slice(0, battle.typed);
    const calledAt = p.world.now();
    p.connection.updateWrittenAt = undefined;
    const userId = p.connection.userId;
    const { metrics, relay, localUsers } = p.world;
    battle.updateInFlight = true;
    metrics.call();
    metrics.codeUpdatesSent++;
    client.battle.updateCode
      .mutate({ battleId: battle.id, code })
      .then(
        ({ version }) => {
          if (localUsers.has(battle.opponentId)) relay.sent(battle.id, userId, version, p.connection.updateWrittenAt ?? calledAt);
        },
        (err: unknown) => {
          if (isBattleOver(err)) metrics.refusal("battle.updateCode", "battle over");
          else metrics.error("battle.updateCode", err);
        },
      )
      .finally(() => {
        battle.updateInFlight = false;
      });
  }
  battle.typingTimer = setTimeout(() => typeCode(p, battle), rhythm.typingDelayMs(p.rng));
}

/** battle.code: the opponent's editor, whose arrival times close the relay measurement. */
export function subscribeCode(p: PlayerContext, battle: Battle): void {
  const client = p.connection.client;
  if (!client) return;
  p.world.metrics.call();
  battle.code = client.battle.code.subscribe(
    { battleId: battle.id },
    {
      onData: (update) => {
        if (update.userId !== battle.opponentId) return;
        p.world.metrics.codeUpdatesReceived++;
        if (p.world.localUsers.has(update.userId)) p.world.relay.received(battle.id, update.userId, update.version, p.world.now());
      },
      onError: (err) => {
        if (battle.finished || p.stopping) return;
        p.world.metrics.error("battle.code", err);
        p.timers.after(1000, () => {
          if (!battle.finished) subscribeCode(p, battle);
        });
      },
    },
  );
}
