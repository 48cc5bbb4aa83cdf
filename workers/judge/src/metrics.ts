// A judge process's Prometheus metrics: verdicts, how long jobs waited and ran, sandbox CPU, and
// the sandbox calls it had to abandon. A judge process serves no port: its supervisor asks it for
// these over the fork IPC channel at each scrape and merges every process's figures with its own
// (supervisor-metrics.ts), so a worker is one scrape target however often its processes are replaced.
import { judgeQueueOf, type ParsedJudgeJob, type Verdict } from "@codeduel/judge";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** What the supervisor sends to ask for a process's metrics, and what the process answers. */
export interface MetricsRequest {
  type: "metrics-request";
  id: number;
}
export interface MetricsAnswer {
  type: "metrics";
  id: number;
  /** `registry.getMetricsAsJSON()`; null when collecting failed. */
  metrics: unknown[] | null;
}

export function isMetricsRequest(m: unknown): m is MetricsRequest {
  return (m as { type?: unknown } | null)?.type === "metrics-request" && typeof (m as { id?: unknown }).id === "number";
}

/** Why a running job's sandbox call was given up on (judge-process.ts `judge`). */
export const ABORT_REASONS = ["wedged", "parked", "deadline"] as const;
export type AbortReason = (typeof ABORT_REASONS)[number];

export class JudgeProcessMetrics {
  readonly registry = new Registry();
  readonly #verdicts: Counter<"queue" | "status" | "language">;
  readonly #queueWait: Histogram<"queue">;
  readonly #run: Histogram<"queue" | "language">;
  readonly #cpu: Histogram<"queue" | "language">;
  readonly #aborts: Counter<"reason">;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#verdicts = new Counter({
      name: "codeduel_judge_verdicts_total",
      help: "Verdicts given, by judge queue, verdict status and language.",
      labelNames: ["queue", "status", "language"],
      registers,
    });
    this.#queueWait = new Histogram({
      name: "codeduel_judge_queue_wait_seconds",
      help: "From a job's enqueueing (job.data.enqueuedAt) to a sandbox thread starting it.",
      labelNames: ["queue"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.#run = new Histogram({
      name: "codeduel_judge_run_seconds",
      help: "Wall-clock time judging a job took on its sandbox thread, all tests included.",
      labelNames: ["queue", "language"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#cpu = new Histogram({
      name: "codeduel_judge_sandbox_cpu_seconds",
      help: "Sandbox CPU time a submission used across its tests (verdict.cpuMs).",
      labelNames: ["queue", "language"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
      registers,
    });
    this.#aborts = new Counter({
      name: "codeduel_judge_sandbox_aborts_total",
      help: "Sandbox calls given up on: wedged (ran far past its timeout on a CPU), parked (asleep for good), deadline (the job's wall clock ran out).",
      labelNames: ["reason"],
      registers,
    });
    // Present from the start at zero, so the first one shows in increase() and alerts.
    for (const reason of ABORT_REASONS) this.#aborts.inc({ reason }, 0);
  }

  /** One job judged: `startedAt` is when its sandbox slot was taken (Date.now()). */
  judged(job: ParsedJudgeJob, verdict: Verdict, startedAt: number): void {
    const queue = judgeQueueOf(job.kind);
    const language = job.language;
    this.#verdicts.inc({ queue, status: verdict.status, language });
    // enqueuedAt is the API host's clock: a little skew must not make a negative wait.
    this.#queueWait.observe({ queue }, Math.max(0, startedAt - job.enqueuedAt) / 1000);
    this.#run.observe({ queue, language }, Math.max(0, Date.now() - startedAt) / 1000);
    this.#cpu.observe({ queue, language }, Math.max(0, verdict.cpuMs) / 1000);
  }

  aborted(reason: AbortReason): void {
    this.#aborts.inc({ reason });
  }

  /**
   * Answers the supervisor's requests on the IPC channel. A failure to collect or to send is
   * answered with null or dropped: the supervisor then uses this process's last figures.
   */
  answerSupervisor(channel: NodeJS.Process = process): void {
    channel.on("message", (message: unknown) => {
      if (!isMetricsRequest(message)) return;
      const { id } = message;
      const reply = (metrics: unknown[] | null) => {
        if (!channel.connected || !channel.send) return;
        const answer: MetricsAnswer = { type: "metrics", id, metrics };
        try {
          channel.send(answer, undefined, undefined, () => {});
        } catch {
          // The channel closed between the check and the send: the supervisor is going away.
        }
      };
      this.registry.getMetricsAsJSON().then(reply, () => reply(null));
    });
  }
}
