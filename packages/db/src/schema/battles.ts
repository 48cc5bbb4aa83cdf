// Battles: the 1v1 games, their submissions, their event log and the rating changes they cause.
import { VERDICT_STATUSES } from "@codeduel/judge";
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { challenges, createdAt, users } from "./core.ts";

export const BATTLE_STATUSES = ["active", "finished"] as const;

export const battles = pgTable(
  "battles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The matchmaker's pair id: creating a battle twice for one pair is a no-op. */
    matchKey: text("match_key").notNull(),
    challengeId: text("challenge_id")
      .notNull()
      .references(() => challenges.id),
    playerAId: uuid("player_a_id")
      .notNull()
      .references(() => users.id),
    playerBId: uuid("player_b_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: BATTLE_STATUSES }).notNull().default("active"),
    winnerId: uuid("winner_id").references(() => users.id),
    ratingA: integer("rating_a").notNull(),
    ratingB: integer("rating_b").notNull(),
    ratingChangeA: integer("rating_change_a"),
    ratingChangeB: integer("rating_change_b"),
    /** Last event sequence number; bumped under the row lock so events are gapless per battle. */
    eventSeq: integer("event_seq").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    /** Kept by the server: at this instant an active battle ends as a draw. */
    deadlineAt: timestamp("deadline_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Why it ended: "solved" (a winner passed every test), "forfeit" or "timeout" (a draw). */
    endReason: text("end_reason", { enum: ["solved", "forfeit", "abandoned", "timeout"] }),
  },
  (t) => [
    uniqueIndex("battles_match_key_idx").on(t.matchKey),
    index("battles_status_deadline_idx").on(t.status, t.deadlineAt),
    index("battles_player_a_idx").on(t.playerAId),
    index("battles_player_b_idx").on(t.playerBId),
  ],
);

/** A submission waits in "queued" until the judge's verdict replaces it. */
export const SUBMISSION_STATUSES = ["queued", ...VERDICT_STATUSES] as const;

export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    battleId: uuid("battle_id")
      .notNull()
      .references(() => battles.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    language: text("language").notNull(),
    code: text("code").notNull(),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("queued"),
    /** The judge's full verdict (public per-test results, hidden counts, error detail). */
    verdict: jsonb("verdict"),
    cpuMs: real("cpu_ms"),
    wallMs: real("wall_ms"),
    createdAt: createdAt(),
    judgedAt: timestamp("judged_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("submissions_battle_idx").on(t.battleId),
    index("submissions_status_created_idx").on(t.status, t.createdAt),
    // One submission in flight per player and battle: a second is refused (CONFLICT) until the
    // first is judged. Per battle, so one still queued when its battle ended never blocks the next.
    uniqueIndex("submissions_one_in_flight_idx").on(t.userId, t.battleId).where(sql`status = 'queued'`),
  ],
);

export const battleEvents = pgTable(
  "battle_events",
  {
    battleId: uuid("battle_id")
      .notNull()
      .references(() => battles.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.battleId, t.seq] })],
);

/** Rating history, one row per rated battle per player (profiles and charts read this). */
export const ratingChanges = pgTable(
  "rating_changes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    battleId: uuid("battle_id")
      .notNull()
      .references(() => battles.id, { onDelete: "cascade" }),
    before: integer("before").notNull(),
    after: integer("after").notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.battleId] })],
);
