// Judges one submission in a fresh isolated-vm isolate, in the judge of its language.
import type { Verdict } from "../contract.ts";
import { judgePython } from "./python/run-python.ts";
import type { SandboxRequest } from "./request.ts";
import { judgeJavaScript } from "./run-javascript.ts";

export async function runSubmission(req: SandboxRequest): Promise<Verdict> {
  // Python's calls are bounded by isolated-vm's own timeout: it cannot reach V8's heap cap (run-python.ts).
  return req.language === "python" ? judgePython(req) : judgeJavaScript(req);
}
