// What every player of this process shares; main.ts builds it. A module of its own so that the
// player's parts (connection.ts, battle*.ts, contest*.ts) can read it without importing player.ts.
import type { AppRouter } from "@codeduel/api";
import type { TRPCClient } from "@trpc/client";
import type { ProblemCodes } from "./contest-code.ts";
import type { ProctorLedger } from "./contest-proctor-ledger.ts";
import type { ProctorPolicyView, SignalChoice } from "./contest-proctor-signals.ts";
import type { Metrics } from "./metrics.ts";
import type { Options, Target } from "./options.ts";
import type { RelayTracker } from "./relay.ts";
import type { ContestRunInfo } from "./report.ts";

/** What every player shares: the options, the counters and which users are played by this process. */
export interface World {
  options: Options;
  metrics: Metrics;
  relay: RelayTracker;
  /** User ids played by this process: relay latency is measured only when both ends are here. */
  localUsers: Set<string>;
  /** Battles with local players: the first of them to see the battle end counts it. */
  localBattles: Set<string>;
  /** The contest scenario's shared state; undefined in battles. */
  contest: ContestWorld | undefined;
  /** The WebSocket class for tRPC (socket.ts: ws, counting sockets and handshake errors). */
  WebSocket: typeof globalThis.WebSocket;
  /** A server's tRPC client over HTTP (sign-in only), shared by every player of that server. */
  http(target: Target): TRPCClient<AppRouter>;
  now(): number;
}

/** What the participants of a contest run share. */
export interface ContestWorld {
  id: string;
  /** What the preflight found (contest-preflight.ts): the title, labels and how to sign in. */
  info: ContestRunInfo;
  /** The problems' code per mix entry: worked out once, by the first participant to read the problems. */
  codes: ProblemCodes | undefined;
  /** Set with --proctor. */
  proctor: ProctorWorld | undefined;
}

/** What the participants of a proctored contest share. */
export interface ProctorWorld {
  policy: ProctorPolicyView;
  /** The signals the policy collects and counts, which participants report. */
  signals: SignalChoice[];
  /** Reports in flight by clientId, and the latencies taken from them. */
  ledger: ProctorLedger;
  /** When the duration is up (World.now's clock): crossers cross before it. */
  endsAt: number;
}

/** One simulated client as main.ts drives it: a battle Player or a contest Participant. */
export interface Member {
  /** Signs in and connects, then plays; resolves true once connected, false if the run stopped first. */
  start(): Promise<boolean>;
  /** The end of the run, first half: start nothing new, let a submission in flight get its verdict. */
  quiesce(deadline: number): Promise<void>;
  /** The end of the run, second half: leave and close the socket. */
  finish(): Promise<void>;
  /** A submission of this member still waits for its verdict. */
  readonly awaitingVerdict: boolean;
}
