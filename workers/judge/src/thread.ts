// Piscina task: judges one submission in a fresh isolate on this worker thread.
import type { Language, Verdict } from "@codeduel/judge";
import { CallDeadline, runSubmission, type SandboxLimits } from "@codeduel/judge/sandbox";
import type { JudgeTarget } from "./problems.ts";

// Python's start-up (reading the CPython snapshot, warming the code cache: a few hundred ms of CPU
// and about 100 MB a thread, bench:judge:python) happens at the thread's first Python submission,
// not at boot: a booting standby must not compete with the active process for CPU, nor push its
// RSS past the ceiling, on behalf of a language nobody may be using.

export interface ThreadTask {
  code: string;
  language: Language;
  target: JudgeTarget;
  limits: SandboxLimits;
  /** A `CallDeadline`'s buffer, shared with the thread that watches this one for a call that never returns. */
  deadline?: SharedArrayBuffer;
}

export default async function judgeTask({ code, language, target, limits, deadline }: ThreadTask): Promise<Verdict> {
  return runSubmission({
    code,
    language,
    functionName: target.functionName,
    tests: target.tests,
    publicCount: target.publicCount,
    limits: { ...limits, ...target.limits },
    comparison: target.comparison,
    deadline: deadline ? new CallDeadline(deadline) : undefined,
  });
}
