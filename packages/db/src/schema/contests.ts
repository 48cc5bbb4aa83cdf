// Contests: organisers' problems (versioned; a published version never changes), contests, their
// participants and submissions, the standings cells updated one verdict at a time, and the event
// log a standings subscription resumes from.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { SUBMISSION_STATUSES } from "./battles.ts";
import { challenges, createdAt, users } from "./core.ts";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const problems = pgTable("problems", {
  id: uuid("id").primaryKey().defaultRandom(),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id),
  /** The newest version's number: an edit of a published version makes version + 1. */
  latestVersion: integer("latest_version").notNull().default(1),
  createdAt: createdAt(),
});

/**
 * `draft` may be edited in place; `checking` waits for the judge's verdict on the reference;
 * `published` (the reference was accepted on every test) never changes again and may be used in
 * contests; `rejected` holds the verdict that refused it and may be edited again.
 */
export const PROBLEM_VERSION_STATUSES = ["draft", "checking", "published", "rejected"] as const;

export const problemVersions = pgTable(
  "problem_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    problemId: uuid("problem_id")
      .notNull()
      .references(() => problems.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status", { enum: PROBLEM_VERSION_STATUSES }).notNull().default("draft"),
    title: text("title").notNull(),
    /** Markdown, rendered by the app as a safe subset (no HTML). */
    statement: text("statement").notNull(),
    /** The function players define (camelCase); Python's name is its snake_case form. */
    functionName: text("function_name").notNull(),
    /** The declaration players start from: { javascript, python }. */
    signature: jsonb("signature").notNull(),
    publicTests: jsonb("public_tests").notNull(),
    hiddenTests: jsonb("hidden_tests").notNull(),
    /** { timeoutMsPerTest?, memoryMb? } */
    limits: jsonb("limits").notNull(),
    /** How answers are compared (`comparisonSchema` of @codeduel/judge). */
    comparison: jsonb("comparison").notNull(),
    /** { language, code }: must be judged accepted before the version is published. */
    reference: jsonb("reference").notNull(),
    /** The judge's verdict on the reference, once checked. */
    checkVerdict: jsonb("check_verdict"),
    createdAt: createdAt(),
    publishedAt: at("published_at"),
  },
  (t) => [uniqueIndex("problem_versions_problem_version_idx").on(t.problemId, t.version)],
);

export const CONTEST_SCORING = ["icpc", "points"] as const;
export const CONTEST_VISIBILITY = ["public", "unlisted"] as const;

export const contests = pgTable(
  "contests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    scoring: text("scoring", { enum: CONTEST_SCORING }).notNull(),
    startsAt: at("starts_at").notNull(),
    endsAt: at("ends_at").notNull(),
    /** From here on, participants see others' new attempts as pending; null: no freeze. */
    freezeAt: at("freeze_at"),
    /** Set when the admin has revealed every frozen result. */
    unfrozenAt: at("unfrozen_at"),
    registrationOpensAt: at("registration_opens_at").notNull(),
    registrationClosesAt: at("registration_closes_at").notNull(),
    maxParticipants: integer("max_participants").notNull(),
    visibility: text("visibility", { enum: CONTEST_VISIBILITY }).notNull().default("public"),
    /** Needed to register for an unlisted contest (and shown to admins only). */
    joinCode: text("join_code"),
    allowGuests: boolean("allow_guests").notNull().default(false),
    /** The proctoring policy (packages/api's `proctorPolicySchema`); null: not proctored. */
    proctoring: jsonb("proctoring"),
    /** Last event sequence number of each board; bumped under the contest's row lock, so gapless. */
    publicSeq: integer("public_seq").notNull().default(0),
    liveSeq: integer("live_seq").notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("contests_starts_idx").on(t.startsAt)],
);

/** A contest's problems by label (A, B, ...): a pinned published version, or a library challenge. */
export const contestProblems = pgTable(
  "contest_problems",
  {
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    position: integer("position").notNull(),
    problemVersionId: uuid("problem_version_id").references(() => problemVersions.id),
    challengeId: text("challenge_id").references(() => challenges.id),
    /** Worth this much under the points rule (partial credit per hidden test passed). */
    points: integer("points").notNull().default(100),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.label] })],
);

export const contestParticipants = pgTable(
  "contest_participants",
  {
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    registeredAt: at("registered_at").notNull().defaultNow(),
    /** Set while disqualified (by the proctoring policy or an admin): submissions are refused. */
    disqualifiedAt: at("disqualified_at"),
    disqualifiedReason: text("disqualified_reason"),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.userId] })],
);

/**
 * Seats taken in each contest. The participant cap is checked and bumped here, under this row's
 * lock for the moment before the registration commits, rather than by counting the participants
 * under the contest's own row, which every submission's and verdict's board events update too: at
 * 1,000 arrivals, registrations queued for seconds behind each other and the verdicts.
 */
export const contestSeats = pgTable("contest_seats", {
  contestId: uuid("contest_id")
    .primaryKey()
    .references(() => contests.id, { onDelete: "cascade" }),
  taken: integer("taken").notNull(),
});

export const contestSubmissions = pgTable(
  "contest_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    label: text("label").notNull(),
    language: text("language").notNull(),
    code: text("code").notNull(),
    /** sha256 of the code, for exports: comparing submissions without shipping their code. */
    codeSha256: text("code_sha256").notNull(),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("queued"),
    verdict: jsonb("verdict"),
    /** Milliseconds from the contest's start: the time scoring uses. */
    atMs: integer("at_ms").notNull(),
    createdAt: createdAt(),
    judgedAt: at("judged_at"),
  },
  (t) => [
    index("contest_submissions_contest_idx").on(t.contestId, t.createdAt),
    index("contest_submissions_user_idx").on(t.contestId, t.userId),
    index("contest_submissions_status_created_idx").on(t.status, t.createdAt),
    // One submission in flight per participant: a second waits (CONFLICT) until it is judged.
    uniqueIndex("contest_submissions_one_in_flight_idx").on(t.userId, t.contestId).where(sql`status = 'queued'`),
  ],
);

/**
 * One participant's standing on one problem: `live` as judged, `public` as the frozen board shows it
 * (the `Cell` of packages/api's contest scoring). Updated one verdict at a time, never recomputed.
 */
export const contestCells = pgTable(
  "contest_cells",
  {
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    live: jsonb("live").notNull(),
    public: jsonb("public").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.userId, t.label] })],
);

/**
 * The two boards of a contest, each with a gapless event log of its own: `public`, which everyone
 * reads (frozen after the freeze time), and `live`, which admins read (every verdict as judged).
 */
export const CONTEST_BOARDS = ["public", "live"] as const;

export const contestEvents = pgTable(
  "contest_events",
  {
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    board: text("board", { enum: CONTEST_BOARDS }).notNull(),
    seq: integer("seq").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.board, t.seq] })],
);
