// The contract between API servers and judge workers: queue names, job payloads and verdicts.
// Both sides validate with these schemas, so a malformed job fails loudly instead of half-judging.
import { z } from "zod";

export const JUDGE_QUEUE = "judge";

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

export const judgeJobSchema = z.object({
  submissionId: z.uuid(),
  battleId: z.uuid(),
  userId: z.uuid(),
  challengeId: z.string().min(1),
  language: languageSchema,
  code: z.string().max(MAX_CODE_BYTES),
  enqueuedAt: z.number(),
});
export type JudgeJob = z.infer<typeof judgeJobSchema>;

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
  submissionId: z.uuid(),
  battleId: z.uuid(),
  verdict: verdictSchema,
  judgedAt: z.number(),
});
export type JudgeResult = z.infer<typeof judgeResultSchema>;
