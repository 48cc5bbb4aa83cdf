// What a player submits for each kind in --mix. Correct and wrong code come from the challenge
// library this checkout holds (the same one the server judges against); the hostile kinds only need
// the function's name, so they work for any challenge.
import { type Challenge, getChallenge } from "@codeduel/challenges";
import type { SubmissionKind } from "./args.ts";

export function findChallenge(id: string): Challenge | undefined {
  return getChallenge(id);
}

export function codeFor(kind: SubmissionKind, challenge: Challenge): string {
  const name = challenge.functionName;
  switch (kind) {
    case "correct":
      return challenge.reference.javascript;
    case "wrong":
      return challenge.wrong.javascript;
    case "loop":
      // Spins until the judge's per-test timeout: a time_limit verdict, one sandbox thread held.
      return `function ${name}(...args) {\n  while (true) {}\n}\n`;
    case "bomb":
      // Allocates until the isolate's heap cap: a memory_limit verdict (and maybe a judge restart).
      return `function ${name}(...args) {\n  const hoard = [];\n  while (true) hoard.push(new Array(1000).fill(args.length));\n}\n`;
  }
}
