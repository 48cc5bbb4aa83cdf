// Starting and giving up a battle: once matched, a player follows the battle's events and the
// opponent's code, and starts typing and (later) submitting at its pattern's rhythm; a battle it
// cannot or may no longer play is forfeited.
import { subscribeBattle } from "./battle-events.ts";
import type { Battle, PlayerContext } from "./battle-state.ts";
import { submit } from "./battle-submit.ts";
import { subscribeCode, typeCode } from "./battle-typing.ts";
import { isBattleOver } from "./errors.ts";

/**
 * Subscribes to a battle just matched and starts the typing and submitting rhythm. `challengeId`
 * is the matched challenge's, which names it when this checkout does not have it.
 */
export function playBattle(p: PlayerContext, battle: Battle, challengeId: string): void {
  subscribeBattle(p, battle);
  subscribeCode(p, battle);
  if (!battle.challenge) {
    // The server has a challenge this checkout does not: there is nothing correct to submit.
    p.world.metrics.error("battle", null, `UNKNOWN_CHALLENGE ${challengeId}`);
    forfeit(p, battle.id).catch(() => {});
    return;
  }
  const rhythm = p.rhythm;
  if (!rhythm) return;
  battle.typingTimer = setTimeout(() => typeCode(p, battle), rhythm.typingDelayMs(p.rng));
  battle.submitTimer = setTimeout(() => submit(p, battle), rhythm.firstSubmitMs(p.rng));
}

export async function forfeit(p: PlayerContext, battleId: string): Promise<void> {
  const client = p.connection.client;
  if (!client) return;
  p.world.metrics.call();
  try {
    await client.battle.forfeit.mutate({ battleId }, { signal: AbortSignal.timeout(5000) });
    if (p.stopping) p.world.metrics.battlesForfeitedAtEnd++;
  } catch (err) {
    if (!isBattleOver(err)) p.world.metrics.error("battle.forfeit", err);
  }
}
