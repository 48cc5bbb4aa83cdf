// The tables everything shares: users, their sessions, and the library challenges' rows.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    /** argon2id hash; null for guests, who sign in by session token only. */
    passwordHash: text("password_hash"),
    isGuest: boolean("is_guest").notNull().default(false),
    /** "admin" may open the queue dashboard; everyone else is a "player". */
    role: text("role", { enum: ["player", "admin"] })
      .notNull()
      .default("player"),
    rating: integer("rating").notNull().default(1200),
    gamesPlayed: integer("games_played").notNull().default(0),
    wins: integer("wins").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`), index("users_rating_idx").on(t.rating)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** sha256 of the opaque token: a leaked table does not leak usable tokens. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** A row per library challenge, upserted at start, so battles can reference them. */
export const challenges = pgTable("challenges", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  tier: integer("tier").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
