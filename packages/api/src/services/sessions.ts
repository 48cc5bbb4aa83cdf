// Users and sessions: sign-up, sign-in, guests, and resolving a token to a user.
import { randomBytes } from "node:crypto";
import { type Database, schema } from "@codeduel/db";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { SessionUser } from "../trpc.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { hashToken, newSessionToken } from "./tokens.ts";

const { users, sessions } = schema;
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export interface PublicUser {
  id: string;
  username: string;
  isGuest: boolean;
  rating: number;
  gamesPlayed: number;
  wins: number;
}

const publicColumns = {
  id: users.id,
  username: users.username,
  isGuest: users.isGuest,
  rating: users.rating,
  gamesPlayed: users.gamesPlayed,
  wins: users.wins,
};

export class SessionService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async #startSession(userId: string): Promise<string> {
    const token = newSessionToken();
    await this.#db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
    return token;
  }

  /** Returns undefined when the username is taken (case-insensitively). */
  async register(username: string, password: string): Promise<{ token: string; user: PublicUser } | undefined> {
    const passwordHash = await hashPassword(password);
    const [user] = await this.#db.insert(users).values({ username, passwordHash }).onConflictDoNothing().returning(publicColumns);
    if (!user) return undefined;
    return { token: await this.#startSession(user.id), user };
  }

  async login(username: string, password: string): Promise<{ token: string; user: PublicUser } | undefined> {
    const [row] = await this.#db
      .select({ ...publicColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, password))) return undefined;
    const { passwordHash: _, ...user } = row;
    return { token: await this.#startSession(user.id), user };
  }

  async guest(): Promise<{ token: string; user: PublicUser }> {
    const username = `guest-${randomBytes(4).toString("hex")}`;
    const [user] = await this.#db.insert(users).values({ username, isGuest: true }).returning(publicColumns);
    if (!user) throw new Error("guest insert returned nothing");
    return { token: await this.#startSession(user.id), user };
  }

  async resolve(token: string): Promise<SessionUser | undefined> {
    const [row] = await this.#db
      .select({ id: users.id, username: users.username, isGuest: users.isGuest, role: users.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())));
    return row;
  }

  /** Makes the named accounts admins (from ADMIN_USERNAMES); returns how many exist. */
  async grantAdmin(usernames: readonly string[]): Promise<number> {
    if (usernames.length === 0) return 0;
    const rows = await this.#db
      .update(users)
      .set({ role: "admin" })
      .where(
        inArray(
          sql`lower(${users.username})`,
          usernames.map((u) => u.toLowerCase()),
        ),
      )
      .returning({ id: users.id });
    return rows.length;
  }

  async logout(token: string): Promise<void> {
    await this.#db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  }

  async get(userId: string): Promise<PublicUser | undefined> {
    const [user] = await this.#db.select(publicColumns).from(users).where(eq(users.id, userId));
    return user;
  }

  async top(limit: number): Promise<PublicUser[]> {
    return this.#db
      .select(publicColumns)
      .from(users)
      .where(gt(users.gamesPlayed, 0))
      .orderBy(sql`${users.rating} desc, ${users.gamesPlayed} desc`)
      .limit(limit);
  }
}
