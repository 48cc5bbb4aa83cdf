// Piscina task: judges one job in a fresh isolate on this worker thread.
import { getChallenge, pythonName } from "@codeduel/challenges";
import type { JudgeJob, Verdict } from "@codeduel/judge";
import { CallDeadline, runSubmission, type SandboxLimits } from "@codeduel/judge/sandbox";

// Python's start-up (reading the CPython snapshot, warming the code cache: a few hundred ms of CPU
// and about 100 MB a thread, bench:judge:python) happens at the thread's first Python submission,
// not at boot: a booting standby must not compete with the active process for CPU, nor push its
// RSS past the ceiling, on behalf of a language nobody may be using.

export interface ThreadTask {
  job: JudgeJob;
  limits: SandboxLimits;
  /** A `CallDeadline`'s buffer, shared with the thread that watches this one for a call that never returns. */
  deadline?: SharedArrayBuffer;
}

export default async function judgeTask({ job, limits, deadline }: ThreadTask): Promise<Verdict> {
  const challenge = getChallenge(job.challengeId);
  if (!challenge) throw new Error(`Unknown challenge ${job.challengeId}`);
  return runSubmission({
    code: job.code,
    language: job.language,
    functionName: job.language === "python" ? pythonName(challenge.functionName) : challenge.functionName,
    tests: [...challenge.publicTests, ...challenge.hiddenTests],
    publicCount: challenge.publicTests.length,
    limits: { ...limits, ...challenge.limits },
    deadline: deadline ? new CallDeadline(deadline) : undefined,
  });
}
