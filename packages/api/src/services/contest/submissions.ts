// Submitting in a contest and recording its verdicts: each changes one cell of the standings, in
// the transaction that records it, and tells both boards. Also the admin's reveal after a freeze.
import { createHash, randomUUID } from "node:crypto";
import { type Database, schema } from "@codeduel/db";
import type { JudgeJob, JudgeResult, Language, Verdict } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { and, asc, count, desc, eq, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Judging } from "../judging.ts";
import { isUniqueViolation } from "../sql.ts";
import { appendContestEvents, changeCell, readBoard } from "./board.ts";
import type { ContestEvent } from "./events.ts";
import { type ProblemService, specOf } from "./problems.ts";
import { applyToBoards, nextReveal, pendingCells, reveal, submitted } from "./scoring.ts";
import { type ContestRow, type ContestService, phaseOf } from "./service.ts";

const { contests, contestProblems, contestSubmissions } = schema;
/** Cells revealed per transaction when revealing everything at once. */
const REVEAL_CHUNK = 200;

export interface ContestSubmissionView {
  id: string;
  label: string;
  language: string;
  status: string;
  verdict: Verdict | null;
  atMs: number;
  createdAt: string;
}

export interface ContestJudgingDeps {
  db: Database;
  judging: Judging;
  contests: ContestService;
  problems: ProblemService;
  publish: (events: ContestEvent[]) => Promise<void>;
  log: Logger;
}

export class ContestJudging {
  readonly #d: ContestJudgingDeps;

  constructor(deps: ContestJudgingDeps) {
    this.#d = deps;
  }

  /** The job that judges a contest submission: against a library challenge or a pinned version. */
  async #job(
    c: ContestRow,
    s: { id: string; userId: string; label: string; language: Language; code: string },
    at: number,
  ): Promise<JudgeJob> {
    const [problem] = await this.#d.db
      .select()
      .from(contestProblems)
      .where(and(eq(contestProblems.contestId, c.id), eq(contestProblems.label, s.label)));
    if (!problem) throw new TRPCError({ code: "NOT_FOUND", message: `The contest has no problem ${s.label}` });
    const base = {
      kind: "contest" as const,
      submissionId: s.id,
      contestId: c.id,
      userId: s.userId,
      language: s.language,
      code: s.code,
      enqueuedAt: at,
    };
    if (problem.challengeId) return { ...base, challengeId: problem.challengeId };
    const versionId = problem.problemVersionId ?? "";
    await this.#d.judging.ensureSpec(versionId, async () => specOf(await this.#d.problems.version(versionId)));
    return { ...base, problemVersionId: versionId };
  }

  /**
   * A participant's submission while the contest runs (by the server's clock; one after the end is
   * refused). One in flight per participant. Both boards count it as pending until its verdict.
   */
  async submit(contestId: string, userId: string, label: string, language: Language, code: string): Promise<{ submissionId: string }> {
    const c = await this.#d.contests.row(contestId);
    const phase = phaseOf(c);
    if (phase === "upcoming") throw new TRPCError({ code: "CONFLICT", message: "The contest has not started yet" });
    if (phase === "ended") throw new TRPCError({ code: "CONFLICT", message: "The contest is over: submissions are closed" });
    const participant = await this.#d.contests.participant(contestId, userId);
    if (!participant) throw new TRPCError({ code: "FORBIDDEN", message: "Register for the contest first" });
    if (participant.disqualified) {
      throw new TRPCError({ code: "FORBIDDEN", message: `You are disqualified: ${participant.disqualifiedReason ?? "by the organiser"}` });
    }
    const id = randomUUID();
    const now = Date.now();
    const job = await this.#job(c, { id, userId, label, language, code }, now);
    const atMs = now - c.startsAt.getTime();
    const events = await this.#d.db.transaction(async (tx) => {
      try {
        await tx.insert(contestSubmissions).values({
          id,
          contestId,
          userId,
          label,
          language,
          code,
          codeSha256: createHash("sha256").update(code).digest("hex"),
          atMs,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new TRPCError({ code: "CONFLICT", message: "Your previous submission is still being judged" });
        throw err;
      }
      const changes = await changeCell(tx, contestId, userId, label, (b) => ({ live: submitted(b.live), public: submitted(b.public) }));
      return appendContestEvents(tx, contestId, changes);
    });
    // The submission is committed: a failed enqueue is retried by `requeueStuck`.
    await Promise.all([this.#d.judging.enqueue(job), this.#d.publish(events)]);
    return { submissionId: id };
  }

  /** Records a verdict once, and moves the participant's cell on each board it shows on. */
  async recordVerdict(result: JudgeResult): Promise<void> {
    const events = await this.#d.db.transaction(async (tx) => {
      const [s] = await tx
        .update(contestSubmissions)
        .set({ status: result.verdict.status, verdict: result.verdict, judgedAt: new Date() })
        .where(and(eq(contestSubmissions.id, result.submissionId), eq(contestSubmissions.status, "queued")))
        .returning();
      if (!s) return undefined;
      const [c] = await tx.select().from(contests).where(eq(contests.id, s.contestId));
      const [problem] = await tx
        .select({ points: contestProblems.points })
        .from(contestProblems)
        .where(and(eq(contestProblems.contestId, s.contestId), eq(contestProblems.label, s.label)));
      if (!c || !problem) return [];
      const judged = {
        status: result.verdict.status,
        atMs: s.atMs,
        hiddenPassed: result.verdict.hidden.passed,
        hiddenTotal: result.verdict.hidden.total,
      };
      const freezeMs = c.freezeAt ? c.freezeAt.getTime() - c.startsAt.getTime() : null;
      const changes = await changeCell(tx, s.contestId, s.userId, s.label, (b) =>
        applyToBoards(b, judged, c.scoring, problem.points, c.unfrozenAt ? null : freezeMs),
      );
      return appendContestEvents(tx, s.contestId, changes);
    });
    if (events === undefined) {
      this.#d.log.info({ submissionId: result.submissionId }, "duplicate contest verdict ignored");
      return;
    }
    await this.#d.publish(events);
  }

  /** The participant's own submissions, newest first, with their verdicts. */
  async mine(contestId: string, userId: string): Promise<ContestSubmissionView[]> {
    const rows = await this.#d.db
      .select()
      .from(contestSubmissions)
      .where(and(eq(contestSubmissions.contestId, contestId), eq(contestSubmissions.userId, userId)))
      .orderBy(desc(contestSubmissions.createdAt))
      .limit(500);
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      language: r.language,
      status: r.status,
      verdict: (r.verdict as Verdict | null) ?? null,
      atMs: r.atMs,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /**
   * After the contest, shows frozen results on the public board: every one at once, or one cell
   * at a time, resolver style (the lowest-ranked participant with a pending cell, their first
   * pending problem). Returns what was revealed; nothing once every result is shown.
   */
  async reveal(contestId: string, all: boolean): Promise<{ revealed: number; done: boolean }> {
    const c = await this.#d.contests.row(contestId);
    if (phaseOf(c) !== "ended") throw new TRPCError({ code: "CONFLICT", message: "Reveal the results once the contest is over" });
    if (!c.freezeAt || c.unfrozenAt) return { revealed: 0, done: true };
    // A result revealed before its verdict would show the wrong one for good: judge everything first.
    const [judging] = await this.#d.db
      .select({ n: count() })
      .from(contestSubmissions)
      .where(and(eq(contestSubmissions.contestId, contestId), eq(contestSubmissions.status, "queued")));
    if ((judging?.n ?? 0) > 0) {
      throw new TRPCError({ code: "CONFLICT", message: `${judging?.n} submissions are still being judged; reveal once they are` });
    }
    const problems = await this.#d.contests.boardProblems(contestId);
    const board = await readBoard(this.#d.db, c.id, "public", problems);
    // All at once: every pending cell of the one board read, in chunks (a reveal per cell re-read
    // the whole board each time: quadratic in the participants). One at a time: the resolver's next.
    const cells = all ? pendingCells(board.rows) : [nextReveal(board.rows, c.scoring)].filter((n) => n !== undefined);
    const events: ContestEvent[] = [];
    for (let i = 0; i < cells.length; i += REVEAL_CHUNK) {
      const chunk = cells.slice(i, i + REVEAL_CHUNK);
      events.push(
        ...(await this.#d.db.transaction(async (tx) => {
          const changes = [];
          for (const { userId, label } of chunk) {
            changes.push(...(await changeCell(tx, contestId, userId, label, (b) => ({ live: b.live, public: reveal(b.public, b.live) }))));
          }
          return appendContestEvents(tx, contestId, changes);
        })),
      );
    }
    // Done when nothing is left pending: the public board is the live one from now on.
    const done = all || cells.length === 0;
    if (done) {
      events.push(
        ...(await this.#d.db.transaction(async (tx) => {
          const [changed] = await tx
            .update(contests)
            .set({ unfrozenAt: sql`now()` })
            .where(and(eq(contests.id, contestId), sql`${contests.unfrozenAt} is null`))
            .returning({ id: contests.id });
          return changed ? appendContestEvents(tx, contestId, [{ board: "public", change: { type: "unfrozen" } }]) : [];
        })),
      );
    }
    await this.#d.publish(events);
    return { revealed: cells.length, done };
  }

  /** Contest submissions still queued long after they were made: settled or enqueued again. */
  async requeueStuck(olderThanMs: number): Promise<number> {
    const stuck = await this.#d.db
      .select({ s: contestSubmissions, c: contests })
      .from(contestSubmissions)
      .innerJoin(contests, eq(contests.id, contestSubmissions.contestId))
      .where(and(eq(contestSubmissions.status, "queued"), lt(contestSubmissions.createdAt, new Date(Date.now() - olderThanMs))))
      .orderBy(asc(contestSubmissions.createdAt))
      .limit(200);
    for (const { s, c } of stuck) {
      const job = await this.#job(c, { ...s, language: s.language as Language }, s.createdAt.getTime());
      await this.#d.judging.settleOrRequeue(job);
    }
    return stuck.length;
  }
}
