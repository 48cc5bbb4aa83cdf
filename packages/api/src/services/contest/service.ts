// Contests: creating and editing them, registration, what a participant sees of the problems, and
// the boards. Submissions and verdicts are in submissions.ts; the standings' storage in board.ts.
import { randomBytes } from "node:crypto";
import { getChallenge, pythonName } from "@codeduel/challenges";
import { type Database, schema } from "@codeduel/db";
import { TRPCError } from "@trpc/server";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { SessionUser } from "../sessions.ts";
import { rowsOf } from "../sql.ts";
import { readBoard } from "./board.ts";
import { BoardSnapshots } from "./board-snapshots.ts";
import { type ContestInput, labelAt } from "./contest-input.ts";
import type { Board, BoardProblem, ContestBoardName } from "./events.ts";
import type { ProblemService } from "./problems.ts";
import type { ScoringRule } from "./scoring.ts";

const { contests, contestProblems, contestParticipants, contestSeats, problemVersions } = schema;
export type ContestRow = typeof contests.$inferSelect;

export type ContestPhase = "upcoming" | "running" | "ended";

export function phaseOf(c: Pick<ContestRow, "startsAt" | "endsAt">, now = Date.now()): ContestPhase {
  return now < c.startsAt.getTime() ? "upcoming" : now < c.endsAt.getTime() ? "running" : "ended";
}

export interface ContestSummary {
  id: string;
  title: string;
  scoring: ScoringRule;
  phase: ContestPhase;
  startsAt: string;
  endsAt: string;
  freezeAt: string | null;
  visibility: "public" | "unlisted";
  participants: number;
  maxParticipants: number;
  registered: boolean;
  /** Proctored: the contest page collects what its policy names (see `contest.get`). */
  proctored: boolean;
  registrationOpensAt: string;
  registrationClosesAt: string;
  /** Guests may register (else an account is needed). */
  allowGuests: boolean;
}

/** A problem as participants see it: never the hidden tests, the reference or the checker. */
export interface ContestProblemView extends BoardProblem {
  statement: string;
  functionName: string;
  pythonFunctionName: string;
  signature: { javascript: string; python: string };
  examples: { input: unknown[]; expected: unknown }[];
}

export class ContestService {
  readonly #db: Database;
  readonly #problems: ProblemService;
  /** The boards standings subscriptions start from, shared by watchers arriving together. */
  readonly snapshots = new BoardSnapshots(
    (contestId, board) => this.board(contestId, board),
    (contestId, userId) => this.isParticipant(contestId, userId),
  );

  constructor(db: Database, problems: ProblemService) {
    this.#db = db;
    this.#problems = problems;
  }

  /** Only published versions and known library challenges: a contest never judges a draft. */
  async #checkProblems(input: ContestInput): Promise<void> {
    const versionIds = input.problems.flatMap((p) => (p.problemVersionId ? [p.problemVersionId] : []));
    const versions = await this.#problems.versionsByIds(versionIds);
    for (const [i, p] of input.problems.entries()) {
      if (p.challengeId && !getChallenge(p.challengeId)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: `Problem ${labelAt(i)}: no library challenge "${p.challengeId}"` });
      }
      const version = versions.find((v) => v.id === p.problemVersionId);
      if (p.problemVersionId && version?.status !== "published") {
        throw new TRPCError({ code: "BAD_REQUEST", message: `Problem ${labelAt(i)}: only a published problem version may be used` });
      }
    }
  }

  /** The row's columns from the input; an edit keeps the registration opening it had when none is given. */
  #columns(input: ContestInput, current?: ContestRow) {
    return {
      title: input.title,
      description: input.description,
      scoring: input.scoring,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      freezeAt: input.freezeAt ?? null,
      registrationOpensAt: input.registrationOpensAt ?? current?.registrationOpensAt ?? new Date(),
      registrationClosesAt: input.registrationClosesAt ?? input.endsAt,
      maxParticipants: input.maxParticipants,
      visibility: input.visibility,
      joinCode: input.visibility === "unlisted" ? (input.joinCode ?? randomBytes(6).toString("base64url")) : null,
      allowGuests: input.allowGuests,
      proctoring: input.proctoring ?? null,
    };
  }

  async create(userId: string, input: ContestInput): Promise<ContestRow> {
    await this.#checkProblems(input);
    return this.#db.transaction(async (tx) => {
      const [row] = await tx
        .insert(contests)
        .values({ ...this.#columns(input), createdBy: userId })
        .returning();
      if (!row) throw new Error("contest insert returned nothing");
      await tx.insert(contestProblems).values(
        input.problems.map((p, i) => ({
          contestId: row.id,
          label: labelAt(i),
          position: i,
          problemVersionId: p.problemVersionId ?? null,
          challengeId: p.challengeId ?? null,
          points: p.points,
        })),
      );
      return row;
    });
  }

  /** Everything may change until the contest starts; after that, nothing that would move the standings. */
  async update(contestId: string, input: ContestInput): Promise<ContestRow> {
    await this.#checkProblems(input);
    return this.#db.transaction(async (tx) => {
      const [current] = await tx.select().from(contests).where(eq(contests.id, contestId)).for("no key update");
      if (!current) throw new TRPCError({ code: "NOT_FOUND", message: "No such contest" });
      if (phaseOf(current) !== "upcoming") {
        throw new TRPCError({ code: "CONFLICT", message: "The contest has started: its problems, times and scoring are fixed" });
      }
      const [row] = await tx.update(contests).set(this.#columns(input, current)).where(eq(contests.id, contestId)).returning();
      await tx.delete(contestProblems).where(eq(contestProblems.contestId, contestId));
      await tx.insert(contestProblems).values(
        input.problems.map((p, i) => ({
          contestId,
          label: labelAt(i),
          position: i,
          problemVersionId: p.problemVersionId ?? null,
          challengeId: p.challengeId ?? null,
          points: p.points,
        })),
      );
      if (!row) throw new Error("contest update returned nothing");
      return row;
    });
  }

  /** A contest as its organiser edits it: every setting, and the problems by what they point at. */
  async editable(contestId: string) {
    const c = await this.row(contestId);
    const problems = await this.#db
      .select({
        label: contestProblems.label,
        problemVersionId: contestProblems.problemVersionId,
        challengeId: contestProblems.challengeId,
        points: contestProblems.points,
      })
      .from(contestProblems)
      .where(eq(contestProblems.contestId, contestId))
      .orderBy(asc(contestProblems.position));
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      scoring: c.scoring,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      freezeAt: c.freezeAt?.toISOString() ?? null,
      registrationOpensAt: c.registrationOpensAt.toISOString(),
      registrationClosesAt: c.registrationClosesAt.toISOString(),
      maxParticipants: c.maxParticipants,
      visibility: c.visibility,
      joinCode: c.joinCode,
      allowGuests: c.allowGuests,
      proctoring: (c.proctoring as ContestInput["proctoring"]) ?? null,
      problems,
    };
  }

  async row(contestId: string): Promise<ContestRow> {
    const [row] = await this.#db.select().from(contests).where(eq(contests.id, contestId));
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such contest" });
    return row;
  }

  /** The participant's row (whether they are disqualified), or undefined when not registered. */
  async participant(contestId: string, userId: string): Promise<{ disqualifiedReason: string | null; disqualified: boolean } | undefined> {
    const [row] = await this.#db
      .select({ disqualifiedAt: contestParticipants.disqualifiedAt, disqualifiedReason: contestParticipants.disqualifiedReason })
      .from(contestParticipants)
      .where(and(eq(contestParticipants.contestId, contestId), eq(contestParticipants.userId, userId)));
    return row && { disqualified: row.disqualifiedAt !== null, disqualifiedReason: row.disqualifiedReason };
  }

  async isParticipant(contestId: string, userId: string): Promise<boolean> {
    const [row] = await this.#db
      .select({ userId: contestParticipants.userId })
      .from(contestParticipants)
      .where(and(eq(contestParticipants.contestId, contestId), eq(contestParticipants.userId, userId)));
    return row !== undefined;
  }

  async participantCount(contestId: string): Promise<number> {
    const [row] = await this.#db.select({ n: count() }).from(contestParticipants).where(eq(contestParticipants.contestId, contestId));
    return row?.n ?? 0;
  }

  /** Public contests (and, for admins, unlisted ones too), the next to start first. */
  async list(viewer: SessionUser): Promise<ContestSummary[]> {
    const rows = await this.#db
      .select({
        c: contests,
        participants: sql<number>`(select count(*)::int from ${contestParticipants} p where p.contest_id = ${contests.id})`,
        registered: sql<boolean>`exists (select 1 from ${contestParticipants} p where p.contest_id = ${contests.id} and p.user_id = ${viewer.id})`,
      })
      .from(contests)
      .where(viewer.role === "admin" ? undefined : eq(contests.visibility, "public"))
      .orderBy(desc(contests.startsAt))
      .limit(200);
    return rows.map(({ c, participants, registered }) => this.summary(c, Number(participants), registered));
  }

  summary(c: ContestRow, participants: number, registered: boolean): ContestSummary {
    return {
      id: c.id,
      title: c.title,
      scoring: c.scoring,
      phase: phaseOf(c),
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      freezeAt: c.freezeAt?.toISOString() ?? null,
      visibility: c.visibility,
      participants,
      maxParticipants: c.maxParticipants,
      registered,
      proctored: c.proctoring !== null,
      registrationOpensAt: c.registrationOpensAt.toISOString(),
      registrationClosesAt: c.registrationClosesAt.toISOString(),
      allowGuests: c.allowGuests,
    };
  }

  /**
   * Registers the user: within the registration window, with the join code of an unlisted contest,
   * and as a guest only where the contest allows it; then one statement takes a seat below the cap
   * (atomic across instances under the seats row's lock) and adds the participant with it, with no
   * transaction to open and close (at 100 arrivals a second, registrations' five round trips each
   * held the transactions' pool that proctoring and verdicts need, bench:proctoring).
   */
  async register(contestId: string, user: SessionUser, joinCode: string | undefined): Promise<void> {
    const [c] = await this.#db.select().from(contests).where(eq(contests.id, contestId));
    if (!c) throw new TRPCError({ code: "NOT_FOUND", message: "No such contest" });
    const now = Date.now();
    if (now < c.registrationOpensAt.getTime()) throw new TRPCError({ code: "CONFLICT", message: "Registration has not opened yet" });
    if (now >= c.registrationClosesAt.getTime() || now >= c.endsAt.getTime()) {
      throw new TRPCError({ code: "CONFLICT", message: "Registration is closed" });
    }
    if (user.isGuest && !c.allowGuests)
      throw new TRPCError({ code: "FORBIDDEN", message: "This contest is for registered accounts; sign up first" });
    if (c.visibility === "unlisted" && joinCode !== c.joinCode) throw new TRPCError({ code: "FORBIDDEN", message: "Wrong join code" });
    // `registered`: before this statement (its sub-statements all see the same snapshot).
    const [r] = rowsOf<{ seated: number; joined: number; registered: boolean }>(
      await this.#db.execute(sql`
        with seat as (
          insert into ${contestSeats} (contest_id, taken)
          select ${contestId}::uuid, 1
          where not exists (select 1 from ${contestParticipants} where contest_id = ${contestId}::uuid and user_id = ${user.id}::uuid)
          on conflict (contest_id) do update set taken = ${contestSeats}.taken + 1 where ${contestSeats}.taken < ${c.maxParticipants}::int
          returning taken
        ), joined as (
          insert into ${contestParticipants} (contest_id, user_id)
          select ${contestId}::uuid, ${user.id}::uuid from seat
          on conflict do nothing
          returning user_id
        )
        select (select count(*)::int from seat) as seated, (select count(*)::int from joined) as joined,
          exists (select 1 from ${contestParticipants} where contest_id = ${contestId}::uuid and user_id = ${user.id}::uuid) as registered`),
    );
    if (!r || r.registered || r.joined === 1) return;
    if (r.seated === 1) {
      // The same player registering twice at once: the other statement added them; give the seat back.
      await this.#db.execute(sql`update ${contestSeats} set taken = taken - 1 where contest_id = ${contestId}::uuid`);
      return;
    }
    throw new TRPCError({ code: "CONFLICT", message: "The contest is full" });
  }

  /**
   * The problems' labels, titles and points, for every board read: only those columns, since a
   * version's statement and tests are large and every watcher's subscription starts with a board.
   */
  async boardProblems(contestId: string): Promise<BoardProblem[]> {
    const rows = await this.#db
      .select({
        label: contestProblems.label,
        points: contestProblems.points,
        challengeId: contestProblems.challengeId,
        title: problemVersions.title,
      })
      .from(contestProblems)
      .leftJoin(problemVersions, eq(problemVersions.id, contestProblems.problemVersionId))
      .where(eq(contestProblems.contestId, contestId))
      .orderBy(asc(contestProblems.position));
    return rows.flatMap(({ label, points, challengeId, title }) => {
      const name = title ?? (challengeId ? getChallenge(challengeId)?.title : undefined);
      return name === undefined ? [] : [{ label, title: name, points }];
    });
  }

  /** The contest's problems as participants see them, in label order. */
  async problems(contestId: string): Promise<ContestProblemView[]> {
    const rows = await this.#db
      .select({ p: contestProblems, v: problemVersions })
      .from(contestProblems)
      .leftJoin(problemVersions, eq(problemVersions.id, contestProblems.problemVersionId))
      .where(eq(contestProblems.contestId, contestId))
      .orderBy(asc(contestProblems.position));
    return rows.flatMap(({ p, v }) => {
      if (v) {
        const signature = v.signature as { javascript: string; python: string };
        return [
          {
            label: p.label,
            title: v.title,
            points: p.points,
            statement: v.statement,
            functionName: v.functionName,
            pythonFunctionName: pythonName(v.functionName),
            signature,
            examples: v.publicTests as ContestProblemView["examples"],
          },
        ];
      }
      const c = p.challengeId ? getChallenge(p.challengeId) : undefined;
      if (!c) return [];
      return [
        {
          label: p.label,
          title: c.title,
          points: p.points,
          statement: c.statement,
          functionName: c.functionName,
          pythonFunctionName: pythonName(c.functionName),
          signature: c.signature,
          examples: c.publicTests,
        },
      ];
    });
  }

  /** The board a viewer may see: admins the live one, everyone else the public one. */
  async board(contestId: string, board: ContestBoardName): Promise<Board> {
    return readBoard(this.#db, contestId, board, await this.boardProblems(contestId));
  }
}
