// Proctored contests: one append-only log per contest of what proctoring saw and did (violations
// as the server received them, and admins' disqualifications and reinstatements, which makes it
// the audit log of those actions too). Rows are never updated or deleted.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contests } from "./contests.ts";
import { users } from "./core.ts";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const PROCTOR_EVENT_KINDS = ["violation", "disqualified", "reinstated"] as const;

export const proctorEvents = pgTable(
  "proctor_events",
  {
    contestId: uuid("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    /** Gapless per contest, in commit order (bumped in `proctor_counters` under its row lock). */
    seq: integer("seq").notNull(),
    /** The participant it is about. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PROCTOR_EVENT_KINDS }).notNull(),
    /** A violation's signal (`tab_hidden`, `paste`, ...). */
    signal: text("signal"),
    /** The browser's clock when it saw the signal: evidence, never trusted for ordering. */
    clientAt: at("client_at"),
    /** The browser's id for the signal, so a resend after a lost answer is recorded once. */
    clientId: uuid("client_id"),
    /** What the signal measured (a paste's length, how long the page was away...). */
    detail: jsonb("detail"),
    /** What the violation added to the participant's score, and the score after it. */
    weight: integer("weight"),
    score: integer("score"),
    /** `none`, `warning` or `disqualified`: what the policy made of a violation. */
    outcome: text("outcome"),
    /** The admin who disqualified or reinstated, and why (a policy's disqualification has no admin). */
    adminId: uuid("admin_id").references(() => users.id),
    reason: text("reason"),
    /** The server's clock: the time that counts. */
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.contestId, t.seq] }),
    index("proctor_events_user_idx").on(t.contestId, t.userId, t.seq),
    index("proctor_events_client_idx").on(t.contestId, t.userId, t.clientId),
  ],
);

/** The last sequence number of each contest's proctoring log. */
export const proctorCounters = pgTable("proctor_counters", {
  contestId: uuid("contest_id")
    .primaryKey()
    .references(() => contests.id, { onDelete: "cascade" }),
  seq: integer("seq").notNull(),
});
