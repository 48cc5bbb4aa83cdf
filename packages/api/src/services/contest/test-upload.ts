// A bulk upload of tests, as JSON or CSV, read into the tests an author reviews before saving.
// JSON: an array of { input: [...], expected, hidden?: boolean }. CSV: a header row naming the
// columns `input` (a JSON array of arguments), `expected` (JSON) and optionally `hidden`
// (true/false, 1/0, yes/no); every other row is one test.
import { testCaseSchema } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { parse } from "csv-parse/sync";
import { z } from "zod";

export interface UploadedTests {
  publicTests: z.infer<typeof testCaseSchema>[];
  hiddenTests: z.infer<typeof testCaseSchema>[];
}

const uploadedTestSchema = testCaseSchema.extend({ hidden: z.boolean().default(false) });

function bad(message: string): never {
  throw new TRPCError({ code: "BAD_REQUEST", message });
}

function split(tests: z.infer<typeof uploadedTestSchema>[]): UploadedTests {
  const strip = ({ input, expected }: { input: unknown[]; expected: unknown }) => ({ input, expected });
  return { publicTests: tests.filter((t) => !t.hidden).map(strip), hiddenTests: tests.filter((t) => t.hidden).map(strip) };
}

function json(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return bad(`${where}: not valid JSON`);
  }
}

const HIDDEN_WORDS: Record<string, boolean> = { "": false, true: true, false: false, "1": true, "0": false, yes: true, no: false };

export function parseTestUpload(format: "json" | "csv", text: string): UploadedTests {
  if (format === "json") {
    const parsed = z.array(uploadedTestSchema).max(2000).safeParse(json(text, "the upload"));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return bad(`entry ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`);
    }
    return split(parsed.data);
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    return bad(`CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (records.length > 2000) bad("at most 2000 tests in one upload");
  const tests = records.map((r, i) => {
    const line = `row ${i + 2}`;
    if (r.input === undefined || r.expected === undefined) bad(`${line}: the header must name the columns input and expected`);
    const hidden = HIDDEN_WORDS[(r.hidden ?? "").toLowerCase()];
    if (hidden === undefined) bad(`${line}: hidden must be true or false`);
    const test = testCaseSchema.safeParse({
      input: json(r.input ?? "", `${line}, input`),
      expected: json(r.expected ?? "", `${line}, expected`),
    });
    if (!test.success) bad(`${line}: input must be a JSON array of arguments`);
    return { ...test.data, hidden: hidden ?? false };
  });
  return split(tests);
}
