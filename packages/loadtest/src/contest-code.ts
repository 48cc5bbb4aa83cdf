// What a contest participant can submit: for each --mix entry, the problems there is code for and
// that code. Loop and bomb need only the function's name, so every problem takes them. Correct and
// wrong code come from the challenge library for a problem taken from it (recognised by its title,
// function name and statement, which the contest shows as the library has them), or from
// --solutions; an organiser's problem without either has none, which the run reports once.
import { type Challenge, library } from "@codeduel/challenges";
import { type MixKey, mixEntry, type Solutions } from "./options.ts";
import type { Rng } from "./rng.ts";
import { solutionCode } from "./solutions.ts";
import { codeFor, hostileCode } from "./submissions.ts";

/** The fields of a contest.problems entry this reads. */
export interface ProblemView {
  label: string;
  title: string;
  functionName: string;
  statement: string;
}

export interface Pick {
  label: string;
  key: MixKey;
  code: string;
}

export class ProblemCodes {
  /** Per mix entry that some problem has code for: those problems and their code. */
  readonly #byKey = new Map<MixKey, { label: string; code: string }[]>();
  /** The mix without the entries no problem has code for, in the order given. */
  readonly mix: Partial<Record<MixKey, number>>;
  /** Problem and mix entry pairs without code (correct or wrong for an organiser's problem). */
  readonly missing: { label: string; key: MixKey }[] = [];
  /** Labels of the problems found in the library. */
  readonly fromLibrary: string[] = [];

  constructor(problems: readonly ProblemView[], mix: Partial<Record<MixKey, number>>, solutions: Solutions | undefined) {
    const keys = Object.keys(mix) as MixKey[];
    for (const problem of problems) {
      const challenge = libraryChallenge(problem);
      if (challenge) this.fromLibrary.push(problem.label);
      for (const key of keys) {
        const code = codeOf(problem, key, challenge, solutions);
        if (code === undefined) {
          this.missing.push({ label: problem.label, key });
          continue;
        }
        const list = this.#byKey.get(key) ?? [];
        list.push({ label: problem.label, code });
        this.#byKey.set(key, list);
      }
    }
    this.mix = Object.fromEntries(keys.filter((k) => this.#byKey.has(k)).map((k) => [k, mix[k]]));
  }

  /** A mix entry drawn by its share, then a problem that has code for it; undefined when none has any. */
  pick(rng: Rng): Pick | undefined {
    if (Object.keys(this.mix).length === 0) return undefined;
    const key = rng.weighted(this.mix);
    const candidates = this.#byKey.get(key) ?? [];
    const chosen = candidates[Math.floor(rng.next() * candidates.length)];
    return chosen ? { label: chosen.label, key, code: chosen.code } : undefined;
  }
}

/** The library challenge a contest problem was made from, if any. */
export function libraryChallenge(p: ProblemView): Challenge | undefined {
  return library.find((c) => c.title === p.title && c.functionName === p.functionName && c.statement === p.statement);
}

function codeOf(problem: ProblemView, key: MixKey, challenge: Challenge | undefined, solutions: Solutions | undefined): string | undefined {
  const entry = mixEntry(key);
  if (entry.kind === "loop" || entry.kind === "bomb") return hostileCode(entry.language, entry.kind, problem.functionName);
  // --solutions wins: an organiser may give better code than the library's for a problem of theirs.
  const given = solutionCode(solutions, problem.label, entry.kind, entry.language);
  if (given !== undefined) return given;
  return challenge ? codeFor(entry, challenge) : undefined;
}
