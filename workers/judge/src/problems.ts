// What a job is judged against: a challenge of the built-in library, or a stored problem version
// whose spec the API put in Redis (this process holds no database credentials). A published
// version never changes, so its spec, once read, is kept.
import { getChallenge, pythonName } from "@codeduel/challenges";
import { type Comparison, type Language, type ParsedJudgeJob, type ProblemSpec, problemSpecKey, problemSpecSchema } from "@codeduel/judge";
import type { SandboxLimits, SandboxTest } from "@codeduel/judge/sandbox";
import type { Redis } from "ioredis";

/** Everything a sandbox thread needs to judge one submission, besides the code. */
export interface JudgeTarget {
  functionName: string;
  /** Public tests first, then hidden ones. */
  tests: SandboxTest[];
  publicCount: number;
  limits: Partial<SandboxLimits>;
  comparison: Comparison;
}

/** A challenge of the built-in library, as this build has it; undefined when it has no such challenge. */
export function libraryTarget(challengeId: string, language: Language): JudgeTarget | undefined {
  const challenge = getChallenge(challengeId);
  if (!challenge) return undefined;
  return {
    functionName: language === "python" ? pythonName(challenge.functionName) : challenge.functionName,
    tests: [...challenge.publicTests, ...challenge.hiddenTests],
    publicCount: challenge.publicTests.length,
    limits: challenge.limits ?? {},
    comparison: { kind: "exact" },
  };
}

/** Stored specs kept in memory: an event uses a handful of problems, each read once. */
const SPEC_CACHE_SIZE = 64;

export class ProblemSource {
  readonly #redis: Redis;
  readonly #prefix: string;
  /** The operator's heap cap per isolate: an author may ask for less, never for more. */
  readonly #maxMemoryMb: number;
  readonly #specs = new Map<string, ProblemSpec>();

  constructor(redis: Redis, prefix: string, maxMemoryMb: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#maxMemoryMb = maxMemoryMb;
  }

  /**
   * The target of `job`. Throws (so BullMQ retries the job) when a stored spec is missing from
   * Redis; undefined for a library challenge this build does not know.
   */
  async resolve(job: ParsedJudgeJob): Promise<JudgeTarget | undefined> {
    if (job.challengeId !== undefined) return libraryTarget(job.challengeId, job.language);
    const family = job.language === "python" ? "python" : "javascript";
    // A reference check reads afresh and keeps nothing: a rejected draft is edited in place and
    // checked again under the same version id. Contests use published versions, which never change.
    const spec = await this.#spec(job.problemVersionId ?? "", job.kind !== "reference");
    const memoryMb = Math.min(spec.limits.memoryMb ?? this.#maxMemoryMb, this.#maxMemoryMb);
    return {
      functionName: spec.functionName[family],
      tests: [...spec.publicTests, ...spec.hiddenTests],
      publicCount: spec.publicTests.length,
      limits: { memoryMb, ...(spec.limits.timeoutMsPerTest ? { timeoutMsPerTest: spec.limits.timeoutMsPerTest } : {}) },
      comparison: spec.comparison,
    };
  }

  async #spec(versionId: string, keep: boolean): Promise<ProblemSpec> {
    const held = keep ? this.#specs.get(versionId) : undefined;
    if (held) return held;
    const raw = await this.#redis.get(problemSpecKey(this.#prefix, versionId));
    if (raw === null) throw new Error(`the spec of problem version ${versionId} is not in Redis`);
    const spec = problemSpecSchema.parse(JSON.parse(raw));
    if (!keep) return spec;
    if (this.#specs.size >= SPEC_CACHE_SIZE) this.#specs.delete(this.#specs.keys().next().value ?? "");
    this.#specs.set(versionId, spec);
    return spec;
  }
}
