// Authoring organisers' problems (admins only): drafts, versions, publishing through the judge.
import { z } from "zod";
import { MAX_TESTS_BYTES, problemInputSchema } from "../services/contest/problem-input.ts";
import { parseTestUpload } from "../services/contest/test-upload.ts";
import { adminProcedure, router } from "../trpc.ts";

const problemId = z.uuid();

export const problemRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.problems.list()),

  /** Every version of one problem, newest first, tests and reference included. */
  versions: adminProcedure.input(z.object({ problemId })).query(({ ctx, input }) => ctx.services.problems.versions(input.problemId)),

  create: adminProcedure.input(problemInputSchema).mutation(({ ctx, input }) => ctx.services.problems.create(ctx.user.id, input)),

  /** Edits the newest version: in place while a draft, as a new version once published. */
  update: adminProcedure
    .input(z.object({ problemId, problem: problemInputSchema }))
    .mutation(({ ctx, input }) => ctx.services.problems.update(input.problemId, input.problem)),

  /** Sends the reference to the judge; the version is published only if it is accepted on every test. */
  publish: adminProcedure
    .input(z.object({ versionId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.services.problems.publish(input.versionId, ctx.user.id)),

  /**
   * Reads a bulk upload of tests (JSON or CSV) into tests the author can review before saving them
   * with `create` or `update`. Errors name the line or entry at fault.
   */
  parseTests: adminProcedure
    .input(z.object({ format: z.enum(["json", "csv"]), text: z.string().max(MAX_TESTS_BYTES) }))
    .mutation(({ input }) => parseTestUpload(input.format, input.text)),
});
