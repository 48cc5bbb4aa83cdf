// Every challenge's reference solution is accepted and its wrong solution is rejected, in the real sandbox.
import { DEFAULT_LIMITS, runSubmission } from "@codeduel/judge/sandbox";
import { describe, expect, it } from "vitest";
import { library, pythonName } from "./index.ts";

function judge(challenge: (typeof library)[number], code: string, language: "javascript" | "python" = "javascript") {
  return runSubmission({
    code,
    language,
    functionName: language === "python" ? pythonName(challenge.functionName) : challenge.functionName,
    tests: [...challenge.publicTests, ...challenge.hiddenTests],
    publicCount: challenge.publicTests.length,
    limits: { ...DEFAULT_LIMITS, ...challenge.limits },
  });
}

describe.each(library.map((c) => [c.id, c] as const))("%s", (_id, challenge) => {
  it("accepts the reference solution", async () => {
    const verdict = await judge(challenge, challenge.reference.javascript);
    expect(verdict.status).toBe("accepted");
    expect(verdict.hidden).toEqual({ passed: challenge.hiddenTests.length, total: challenge.hiddenTests.length });
  });

  it("rejects the wrong solution on a public test", async () => {
    const verdict = await judge(challenge, challenge.wrong.javascript);
    expect(verdict.status).toBe("wrong_answer");
    expect(verdict.failedTest).toBeDefined();
  });
});

describe.each(library.map((c) => [c.id, c] as const))("%s in Python (CPython via Pyodide)", (_id, challenge) => {
  it("accepts the reference solution", async () => {
    const verdict = await judge(challenge, challenge.reference.python, "python");
    expect(verdict.message).toBeUndefined();
    expect(verdict.status).toBe("accepted");
    expect(verdict.hidden).toEqual({ passed: challenge.hiddenTests.length, total: challenge.hiddenTests.length });
  });

  it("rejects the wrong solution on a public test", async () => {
    const verdict = await judge(challenge, challenge.wrong.python, "python");
    expect(verdict.status).toBe("wrong_answer");
    expect(verdict.failedTest).toBeDefined();
  });
});
