// What a player submits for each entry of --mix. Correct and wrong code come from the challenge
// library this checkout holds (the same one the server judges against); the hostile kinds only need
// the function's name, so they work for any challenge.
import { type Challenge, getChallenge, pythonName } from "@codeduel/challenges";
import type { MixEntry } from "./args.ts";

export function findChallenge(id: string): Challenge | undefined {
  return getChallenge(id);
}

export function codeFor({ language, kind }: MixEntry, challenge: Challenge): string {
  // TypeScript is judged by stripping its types: plain JavaScript is valid TypeScript for it.
  if (language === "python") return pythonCodeFor(kind, challenge);
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

function pythonCodeFor(kind: MixEntry["kind"], challenge: Challenge): string {
  const name = pythonName(challenge.functionName);
  switch (kind) {
    case "correct":
      return challenge.reference.python;
    case "wrong":
      return challenge.wrong.python;
    case "loop":
      // Spins until the CPU cap: time_limit, as for JavaScript.
      return `def ${name}(*args):\n    while True:\n        pass\n`;
    case "bomb":
      // Grows a list until the interpreter's wasm memory reaches the cap and CPython raises MemoryError: memory_limit.
      return `def ${name}(*args):\n    hoard = []\n    while True:\n        hoard.append([len(args)] * 1000)\n`;
  }
}
