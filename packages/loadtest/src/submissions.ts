// What a player submits for each entry of --mix. Correct and wrong code come from the challenge
// library this checkout holds (the same one the server judges against); the hostile kinds only need
// the function's name, so they work for any challenge (and any contest problem).
import { type Challenge, getChallenge, pythonName } from "@codeduel/challenges";
import type { Language } from "@codeduel/judge";
import type { MixEntry } from "./options.ts";

export function findChallenge(id: string): Challenge | undefined {
  return getChallenge(id);
}

export function codeFor({ language, kind }: MixEntry, challenge: Challenge): string {
  if (kind === "loop" || kind === "bomb") return hostileCode(language, kind, challenge.functionName);
  // TypeScript is judged by stripping its types: plain JavaScript is valid TypeScript for it.
  if (language === "python") return kind === "correct" ? challenge.reference.python : challenge.wrong.python;
  return kind === "correct" ? challenge.reference.javascript : challenge.wrong.javascript;
}

/** Code that never returns: a spinner, or a memory bomb. `functionName` is the JavaScript name. */
export function hostileCode(language: Language, kind: "loop" | "bomb", functionName: string): string {
  if (language === "python") {
    const name = pythonName(functionName);
    return kind === "loop"
      ? // Spins until the CPU cap: time_limit, as for JavaScript.
        `def ${name}(*args):\n    while True:\n        pass\n`
      : // Grows a list until the interpreter's wasm memory reaches the cap and CPython raises MemoryError: memory_limit.
        `def ${name}(*args):\n    hoard = []\n    while True:\n        hoard.append([len(args)] * 1000)\n`;
  }
  return kind === "loop"
    ? // Spins until the judge's per-test timeout: a time_limit verdict, one sandbox thread held.
      `function ${functionName}(...args) {\n  while (true) {}\n}\n`
    : // Allocates until the isolate's heap cap: a memory_limit verdict (and maybe a judge restart).
      `function ${functionName}(...args) {\n  const hoard = [];\n  while (true) hoard.push(new Array(1000).fill(args.length));\n}\n`;
}
