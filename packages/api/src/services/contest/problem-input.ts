// What an organiser may author as a problem, validated once for the API and the service: bounded
// sizes everywhere, identifiers the sandboxes can call, values that are plain JSON.
import { comparisonSchema, languageSchema, MAX_CODE_BYTES, problemLimitsSchema, testCaseSchema } from "@codeduel/judge";
import { z } from "zod";

/**
 * The whole test set, as JSON text. It travels in one request (the server takes bodies and
 * WebSocket frames up to 1 MB) and in Redis to every judge worker.
 */
export const MAX_TESTS_BYTES = 768 * 1024;
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "a function name: letters, digits and _, not starting with a digit");

export const problemInputSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    /** Markdown; the app renders a safe subset (no HTML). */
    statement: z.string().max(20_000),
    /** camelCase for JavaScript; Python players define its snake_case form. */
    functionName: identifier,
    signature: z.object({ javascript: z.string().max(2000), python: z.string().max(2000) }),
    publicTests: z.array(testCaseSchema).min(1).max(50),
    hiddenTests: z.array(testCaseSchema).max(1000),
    limits: problemLimitsSchema.default({}),
    comparison: comparisonSchema.default({ kind: "exact" }),
    reference: z.object({ language: languageSchema, code: z.string().min(1).max(MAX_CODE_BYTES) }),
  })
  .refine((p) => JSON.stringify([p.publicTests, p.hiddenTests]).length <= MAX_TESTS_BYTES, {
    message: `the tests take more than ${MAX_TESTS_BYTES} bytes as JSON`,
    path: ["hiddenTests"],
  });
export type ProblemInput = z.infer<typeof problemInputSchema>;
