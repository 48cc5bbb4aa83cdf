// Users and sessions: sign-up, sign-in, guests, and resolving a token to a user.
import { randomBytes } from "node:crypto";
import { type Database, schema } from "@codeduel/db";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { hashToken, newSessionToken } from "./tokens.ts";

/** The signed-in user a session token resolves to: what every procedure's context carries. */
export interface SessionUser {
  id: string;
  username: string;
  isGuest: boolean;
  role: "player" | "admin";
}

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

/**
 * The statements every arriving player runs, built once. drizzle builds a query's SQL from its
 * builder chain on every call, 50-100 us each on this machine (one-off probe), and a burst of
 * arrivals runs several per player; a prepared query only fills in its values.
 */
function preparedQueries(db: Database) {
  const p = sql.placeholder;
  return {
    insertGuest: db
      .insert(users)
      .values({ username: p("username"), isGuest: true })
      .returning(publicColumns)
      .prepare("session_insert_guest"),
    insertSession: db
      .insert(sessions)
      .values({ tokenHash: p("tokenHash"), userId: p("userId"), expiresAt: p("expiresAt") })
      .prepare("session_insert"),
    resolve: db
      .select({ id: users.id, username: users.username, isGuest: users.isGuest, role: users.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, p("tokenHash")), gt(sessions.expiresAt, p("now"))))
      .prepare("session_resolve"),
    user: db
      .select(publicColumns)
      .from(users)
      .where(eq(users.id, p("id")))
      .prepare("session_user"),
  };
}

export class SessionService {
  readonly #db: Database;
  readonly #q: ReturnType<typeof preparedQueries>;

  constructor(db: Database) {
    this.#db = db;
    this.#q = preparedQueries(db);
  }

  async #startSession(userId: string): Promise<string> {
    const token = newSessionToken();
    await this.#q.insertSession.execute({ tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
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
    const [user] = await this.#q.insertGuest.execute({ username });
    if (!user) throw new Error("guest insert returned nothing");
    return { token: await this.#startSession(user.id), user };
  }

  async resolve(token: string): Promise<SessionUser | undefined> {
    // A placeholder compared with a column reaches the driver as given (drizzle encodes only
    // inserted values), so the time goes as the text Postgres reads.
    const [row] = await this.#q.resolve.execute({ tokenHash: hashToken(token), now: new Date().toISOString() });
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
    const [user] = await this.#q.user.execute({ id: userId });
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
