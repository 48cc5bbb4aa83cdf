// The contract between API servers and judge workers: queue names, job payloads and verdicts.
// Both sides validate with these schemas, so a malformed job fails loudly instead of half-judging.
import { z } from "zod";

/**
 * The judge's BullMQ queues. Battles have one and contests (with organisers' reference checks)
 * another, so neither can starve the other: every judge process takes from both and its sandbox
 * threads serve them in turn (`FairTaskQueue` in the worker). One queue with priorities let a
 * battle flood hold contest verdicts back for as long as it lasted (bench:contest (d)).
 */
export const JUDGE_QUEUES = { battle: "judge", contest: "judge-contest" } as const;
export type JudgeQueueName = (typeof JUDGE_QUEUES)[keyof typeof JUDGE_QUEUES];
export const JUDGE_QUEUE_NAMES: readonly JudgeQueueName[] = Object.values(JUDGE_QUEUES);

export const LANGUAGES = ["javascript", "typescript", "python"] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const MAX_CODE_BYTES = 50 * 1024;

export const VERDICT_STATUSES = [
  "accepted",
  "wrong_answer",
  "time_limit",
  "memory_limit",
  "runtime_error",
  "compile_error",
  "output_limit",
  "internal_error",
] as const;
export const verdictStatusSchema = z.enum(VERDICT_STATUSES);
export type VerdictStatus = z.infer<typeof verdictStatusSchema>;

/** One test: the arguments, in order, and the value the function must return (JSON values). */
export const testCaseSchema = z.object({ input: z.array(z.unknown()), expected: z.unknown() });
export type TestCaseSpec = z.infer<typeof testCaseSchema>;

/**
 * How a returned value is compared with the expected one. `exact`: equal JSON values. `tolerance`:
 * numbers (also inside arrays and objects) within `abs` or within `rel` of the expected value.
 * `unordered`: a list equal to the expected one in some order. `checker`: the organiser's
 * JavaScript `function check(input, expected, actual)` decides, run in a sandbox of its own
 * (DOMjudge and CMS call these validators); it returns true, false, or `{ ok, message }`.
 */
export const comparisonSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("exact") }),
  z.object({ kind: z.literal("tolerance"), abs: z.number().min(0).max(1e9), rel: z.number().min(0).max(1) }),
  z.object({ kind: z.literal("unordered") }),
  z.object({ kind: z.literal("checker"), code: z.string().min(1).max(MAX_CODE_BYTES) }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

/** How long one call of an organiser's checker may run. */
export const CHECKER_TIMEOUT_MS = 1000;

/** The caps an author may set on a problem; the judge still holds them within its own. */
export const problemLimitsSchema = z.object({
  timeoutMsPerTest: z.number().int().min(100).max(10_000).optional(),
  memoryMb: z.number().int().min(16).max(512).optional(),
});

/**
 * What the judge needs of a stored problem version (one an organiser authored, kept in Postgres).
 * Workers hold no database credentials: the API writes this to Redis (`problemSpecKey`) before it
 * enqueues a job that names the version, and a version never changes once it exists.
 */
export const problemSpecSchema = z.object({
  /** The function players define, per language family (TypeScript uses JavaScript's). */
  functionName: z.object({ javascript: z.string().min(1).max(64), python: z.string().min(1).max(64) }),
  publicTests: z.array(testCaseSchema),
  hiddenTests: z.array(testCaseSchema),
  limits: problemLimitsSchema,
  comparison: comparisonSchema,
});
export type ProblemSpec = z.infer<typeof problemSpecSchema>;

export function problemSpecKey(prefix: string, problemVersionId: string): string {
  return `${prefix}:problem-spec:${problemVersionId}`;
}

/**
 * What a submission is judged for: a battle, a contest, or the check of a problem version's
 * reference solution before it may be published. Jobs enqueued before contests existed have no
 * `kind` and are battles.
 */
export const JUDGE_JOB_KINDS = ["battle", "contest", "reference"] as const;

/**
 * The queue a kind of job goes on (no kind: a battle's). A reference check waits with contests:
 * an organiser publishing a problem is never ahead of a battle.
 */
export function judgeQueueOf(kind: (typeof JUDGE_JOB_KINDS)[number] | undefined): JudgeQueueName {
  return kind === "contest" || kind === "reference" ? JUDGE_QUEUES.contest : JUDGE_QUEUES.battle;
}

export const judgeJobSchema = z
  .object({
    kind: z.enum(JUDGE_JOB_KINDS).default("battle"),
    submissionId: z.uuid(),
    battleId: z.uuid().optional(),
    contestId: z.uuid().optional(),
    userId: z.uuid(),
    /** A challenge of the built-in library... */
    challengeId: z.string().min(1).optional(),
    /** ...or a stored problem version, whose spec the worker reads from Redis. */
    problemVersionId: z.uuid().optional(),
    language: languageSchema,
    code: z.string().max(MAX_CODE_BYTES),
    enqueuedAt: z.number(),
  })
  .refine((j) => (j.challengeId === undefined) !== (j.problemVersionId === undefined), "exactly one of challengeId, problemVersionId")
  .refine((j) => (j.kind === "battle") === (j.battleId !== undefined), "battleId is for battle jobs, and they need one")
  .refine((j) => (j.kind === "contest") === (j.contestId !== undefined), "contestId is for contest jobs, and they need one");
/** A job as enqueued (`kind` may be left out for a battle); `ParsedJudgeJob` once validated. */
export type JudgeJob = z.input<typeof judgeJobSchema>;
export type ParsedJudgeJob = z.infer<typeof judgeJobSchema>;

const publicTestResultSchema = z.object({
  index: z.number().int(),
  passed: z.boolean(),
  /** Why it failed when it did not simply return a wrong value. */
  error: z.string().optional(),
  /** What the submission printed during this test (Python `print`), capped. */
  output: z.string().optional(),
});

export const verdictSchema = z.object({
  status: verdictStatusSchema,
  /** Per-test results for the public tests, in order. */
  publicTests: z.array(publicTestResultSchema),
  /** Hidden tests are reported as counts only: their content never leaves the server. */
  hidden: z.object({ passed: z.number().int(), total: z.number().int() }),
  /** The first failing public test, so the player can see what went wrong. */
  failedTest: z.object({ index: z.number().int(), input: z.unknown(), expected: z.unknown(), actual: z.unknown() }).optional(),
  message: z.string().max(4000).optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  cpuMs: z.number(),
  wallMs: z.number(),
  peakHeapBytes: z.number(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** A verdict given without test results: the judge failed, ran out of time, or gave up on a job. */
export function verdictWithoutRun(status: VerdictStatus, message: string): Verdict {
  return { status, publicTests: [], hidden: { passed: 0, total: 0 }, message, cpuMs: 0, wallMs: 0, peakHeapBytes: 0 };
}

/**
 * What a judge job returns. Workers hold no database credentials: BullMQ keeps this as the job's
 * return value and announces it on the judge queue's event stream, where an API instance reads
 * it and records the verdict.
 */
export const judgeResultSchema = z.object({
  kind: z.enum(JUDGE_JOB_KINDS).default("battle"),
  submissionId: z.uuid(),
  battleId: z.uuid().optional(),
  contestId: z.uuid().optional(),
  problemVersionId: z.uuid().optional(),
  verdict: verdictSchema,
  judgedAt: z.number(),
});
export type JudgeResult = z.infer<typeof judgeResultSchema>;

/** The result of judging `job`: what it was for, and the verdict. */
export function resultFor(job: ParsedJudgeJob, verdict: Verdict): JudgeResult {
  const { kind, submissionId, battleId, contestId, problemVersionId } = job;
  return { kind, submissionId, battleId, contestId, problemVersionId, verdict, judgedAt: Date.now() };
}
