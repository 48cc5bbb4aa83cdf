// Organisers' problems, kept in Postgres. A draft is edited in place; publishing sends its reference
// solution to the real judge, and only a version the judge accepted on every test is published.
// A published version never changes: editing it makes the next version, a draft again, so a
// contest that pinned a version keeps judging against exactly what it pinned.
import { pythonName } from "@codeduel/challenges";
import { type Database, schema } from "@codeduel/db";
import type { JudgeJob, JudgeResult, ProblemSpec } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Judging } from "../judging.ts";
import type { ProblemInput } from "./problem-input.ts";

const { problems, problemVersions } = schema;
export type ProblemVersionRow = typeof problemVersions.$inferSelect;

/** A version as its author sees it (everything, tests included). */
export type ProblemVersionView = Omit<ProblemVersionRow, "createdAt" | "publishedAt"> & {
  createdAt: string;
  publishedAt: string | null;
};

function view(row: ProblemVersionRow): ProblemVersionView {
  return { ...row, createdAt: row.createdAt.toISOString(), publishedAt: row.publishedAt?.toISOString() ?? null };
}

function columns(input: ProblemInput) {
  return {
    title: input.title,
    statement: input.statement,
    functionName: input.functionName,
    signature: input.signature,
    publicTests: input.publicTests,
    hiddenTests: input.hiddenTests,
    limits: input.limits,
    comparison: input.comparison,
    reference: input.reference,
  };
}

/** What the judge needs of a version. */
export function specOf(row: ProblemVersionRow): ProblemSpec {
  return {
    functionName: { javascript: row.functionName, python: pythonName(row.functionName) },
    publicTests: row.publicTests as ProblemSpec["publicTests"],
    hiddenTests: row.hiddenTests as ProblemSpec["hiddenTests"],
    limits: row.limits as ProblemSpec["limits"],
    comparison: row.comparison as ProblemSpec["comparison"],
  };
}

export class ProblemService {
  readonly #db: Database;
  readonly #judging: Judging;
  readonly #log: Logger;

  constructor(db: Database, judging: Judging, log: Logger) {
    this.#db = db;
    this.#judging = judging;
    this.#log = log;
  }

  async create(userId: string, input: ProblemInput): Promise<ProblemVersionView> {
    return this.#db.transaction(async (tx) => {
      const [problem] = await tx.insert(problems).values({ createdBy: userId }).returning({ id: problems.id });
      if (!problem) throw new Error("problem insert returned nothing");
      const [row] = await tx
        .insert(problemVersions)
        .values({ problemId: problem.id, version: 1, ...columns(input) })
        .returning();
      if (!row) throw new Error("problem version insert returned nothing");
      return view(row);
    });
  }

  /** Every problem's newest version, newest problem first (for the authoring pages). */
  async list(): Promise<{ problemId: string; versionId: string; version: number; title: string; status: string }[]> {
    const rows = await this.#db
      .select({
        problemId: problems.id,
        versionId: problemVersions.id,
        version: problemVersions.version,
        title: problemVersions.title,
        status: problemVersions.status,
      })
      .from(problems)
      .innerJoin(problemVersions, and(eq(problemVersions.problemId, problems.id), eq(problemVersions.version, problems.latestVersion)))
      .orderBy(desc(problems.createdAt));
    return rows;
  }

  /** Every version of a problem, newest first. */
  async versions(problemId: string): Promise<ProblemVersionView[]> {
    const rows = await this.#db
      .select()
      .from(problemVersions)
      .where(eq(problemVersions.problemId, problemId))
      .orderBy(desc(problemVersions.version));
    if (rows.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such problem" });
    return rows.map(view);
  }

  async version(versionId: string): Promise<ProblemVersionRow> {
    const [row] = await this.#db.select().from(problemVersions).where(eq(problemVersions.id, versionId));
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such problem version" });
    return row;
  }

  async versionsByIds(ids: string[]): Promise<ProblemVersionRow[]> {
    if (ids.length === 0) return [];
    return this.#db.select().from(problemVersions).where(inArray(problemVersions.id, ids));
  }

  /**
   * Edits the problem's newest version: in place while it is a draft (or was rejected), as a new
   * draft version once it is published. Refused while the judge is checking it.
   */
  async update(problemId: string, input: ProblemInput): Promise<ProblemVersionView> {
    return this.#db.transaction(async (tx) => {
      const [problem] = await tx.select().from(problems).where(eq(problems.id, problemId)).for("update");
      if (!problem) throw new TRPCError({ code: "NOT_FOUND", message: "No such problem" });
      const [latest] = await tx
        .select()
        .from(problemVersions)
        .where(and(eq(problemVersions.problemId, problemId), eq(problemVersions.version, problem.latestVersion)));
      if (!latest) throw new Error(`problem ${problemId} has no version ${problem.latestVersion}`);
      if (latest.status === "checking") {
        throw new TRPCError({ code: "CONFLICT", message: "The judge is checking this version; edit it once it is done" });
      }
      if (latest.status !== "published") {
        const [row] = await tx
          .update(problemVersions)
          .set({ ...columns(input), status: "draft", checkVerdict: null })
          .where(eq(problemVersions.id, latest.id))
          .returning();
        if (!row) throw new Error("problem version update returned nothing");
        return view(row);
      }
      const version = latest.version + 1;
      await tx.update(problems).set({ latestVersion: version }).where(eq(problems.id, problemId));
      const [row] = await tx
        .insert(problemVersions)
        .values({ problemId, version, ...columns(input) })
        .returning();
      if (!row) throw new Error("problem version insert returned nothing");
      return view(row);
    });
  }

  /**
   * Sends the version's reference solution to the real judge, on every test. The version is
   * published when the verdict is `accepted` (`recordReference`); any other verdict rejects it.
   */
  async publish(versionId: string, userId: string): Promise<ProblemVersionView> {
    const [row] = await this.#db
      .update(problemVersions)
      .set({ status: "checking", checkVerdict: null })
      .where(and(eq(problemVersions.id, versionId), inArray(problemVersions.status, ["draft", "rejected"])))
      .returning();
    if (!row) {
      const existing = await this.version(versionId);
      throw new TRPCError({ code: "CONFLICT", message: `This version is ${existing.status}, not a draft` });
    }
    await this.#judging.putSpec(row.id, specOf(row));
    // A version rejected before and checked again: its earlier job (same id) is finished, and goes.
    await this.#judging.enqueue(referenceJob(row, userId), { replaceFinished: true });
    return view(row);
  }

  /** The judge's verdict on a reference: published if accepted on every test, rejected otherwise. */
  async recordReference(result: JudgeResult): Promise<void> {
    if (!result.problemVersionId) return;
    const accepted = result.verdict.status === "accepted";
    const [row] = await this.#db
      .update(problemVersions)
      .set({
        status: accepted ? "published" : "rejected",
        checkVerdict: result.verdict,
        publishedAt: accepted ? sql`now()` : null,
      })
      .where(and(eq(problemVersions.id, result.problemVersionId), eq(problemVersions.status, "checking")))
      .returning({ id: problemVersions.id });
    this.#log.info({ problemVersionId: result.problemVersionId, status: result.verdict.status, recorded: !!row }, "reference checked");
  }

  /** Versions still `checking` a while after they were made: settled from their job, or checked again. */
  async recheckStuck(olderThanMs: number): Promise<number> {
    const stuck = await this.#db
      .select({ row: problemVersions, author: problems.createdBy })
      .from(problemVersions)
      .innerJoin(problems, eq(problems.id, problemVersions.problemId))
      .where(and(eq(problemVersions.status, "checking"), lt(problemVersions.createdAt, new Date(Date.now() - olderThanMs))))
      .limit(50);
    for (const { row, author } of stuck) {
      await this.#judging.putSpec(row.id, specOf(row));
      await this.#judging.settleOrRequeue(referenceJob(row, author));
    }
    return stuck.length;
  }
}

/** The check of a version's reference: its job id is the version's id, so it is enqueued once. */
function referenceJob(row: ProblemVersionRow, userId: string): JudgeJob {
  const reference = row.reference as ProblemInput["reference"];
  return {
    kind: "reference",
    submissionId: row.id,
    userId,
    problemVersionId: row.id,
    language: reference.language,
    code: reference.code,
    enqueuedAt: Date.now(),
  };
}
