// Elo rating update for a decided 1v1 game.
export const ELO_K = 32;

export function expectedScore(rating: number, opponent: number): number {
  return 1 / (1 + 10 ** ((opponent - rating) / 400));
}

/** Returns the winner's and loser's rating changes (positive, negative). */
export function eloChanges(winnerRating: number, loserRating: number, k = ELO_K): { winner: number; loser: number } {
  const gain = Math.round(k * (1 - expectedScore(winnerRating, loserRating)));
  // At least one point changes hands, so a win always counts.
  const delta = Math.max(1, gain);
  return { winner: delta, loser: -delta };
}
