// Judges one submission in a fresh isolated-vm isolate, in the judge of its language, comparing
// what it returns as its problem says.
import type { Verdict } from "../contract.ts";
import { comparatorFor } from "./comparator.ts";
import { judgePython } from "./python/run-python.ts";
import type { SandboxRequest } from "./request.ts";
import { judgeJavaScript } from "./run-javascript.ts";

export async function runSubmission(req: SandboxRequest): Promise<Verdict> {
  const comparator = comparatorFor(req.comparison, req.deadline);
  try {
    // Python's calls are bounded by isolated-vm's own timeout: it cannot reach V8's heap cap (run-python.ts).
    return req.language === "python" ? await judgePython(req, comparator.compare) : judgeJavaScript(req, comparator.compare);
  } finally {
    comparator.dispose();
  }
}
