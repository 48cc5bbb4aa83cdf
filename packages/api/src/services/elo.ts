// Elo rating changes for a 1v1 game: a win, or a draw (a battle that ran out of time).
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

/** A draw moves the lower-rated player up and the higher-rated one down by the same amount. */
export function eloDraw(ratingA: number, ratingB: number, k = ELO_K): { a: number; b: number } {
  const delta = Math.round(k * (0.5 - expectedScore(ratingA, ratingB)));
  // 0 - delta, not -delta: an even draw is +0 for both, not -0.
  return { a: delta, b: 0 - delta };
}
