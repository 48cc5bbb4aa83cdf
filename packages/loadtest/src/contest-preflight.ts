// Before any participant starts: one guest looks the contest up (contest.get, over HTTP, on the
// first --url), so a missing or finished contest, or one these participants cannot join, is one
// clear line and exit code 1 rather than hundreds of failed registrations. It also settles how
// participants sign in under --accounts auto: guests where the contest takes them, accounts
// otherwise. (The guest stays on the server, as any visitor who looked would.) With --proctor it
// reads the contest's proctoring policy, which says what participants may report.
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import { type ProctorPolicyView, sendableSignals } from "./contest-proctor-signals.ts";
import { errorKind } from "./errors.ts";
import type { Options } from "./options.ts";
import type { ContestRunInfo } from "./report.ts";

export type Preflight =
  | { ok: true; info: ContestRunInfo; policy: ProctorPolicyView | null; warnings: string[] }
  | { ok: false; message: string };

const TIMEOUT_MS = 15_000;

export async function contestPreflight(options: Options): Promise<Preflight> {
  const contest = options.contest;
  const target = options.targets[0];
  if (!contest || !target) return { ok: false, message: "no contest to look up" };
  let c: Awaited<ReturnType<typeof lookUp>>;
  try {
    c = await lookUp(`${target.base}/trpc`, contest.id);
  } catch (err) {
    const code = (err as { data?: { code?: unknown } | null } | null)?.data?.code;
    if (code === "NOT_FOUND") return { ok: false, message: `no contest ${contest.id} at ${target.base}` };
    return { ok: false, message: `could not look up contest ${contest.id} at ${target.base} (${errorKind(err)})` };
  }
  const name = `contest "${c.title}"`;
  if (c.phase === "ended") return { ok: false, message: `${name} is over (it ended at ${c.endsAt}); submissions are closed` };
  if (c.visibility === "unlisted" && contest.joinCode === undefined) {
    return { ok: false, message: `${name} is unlisted: give its join code with --join-code` };
  }
  if (contest.accounts === "guest" && !c.allowGuests) {
    return { ok: false, message: `${name} does not take guests: use --accounts register (or auto)` };
  }
  const warnings: string[] = [];
  const startsInMs = Date.parse(c.startsAt) - Date.parse(c.serverNow);
  if (c.phase === "upcoming") {
    warnings.push(`${name} starts in ${Math.ceil(startsInMs / 1000)} s; participants register and wait for it to read the problems`);
  }
  const room = c.maxParticipants - c.participants;
  if (options.players > room) {
    warnings.push(`${name} has room for ${room} more participants; the other ${options.players - room} will be refused`);
  }
  const policy: ProctorPolicyView | null = c.proctoring ?? null;
  if (contest.proctor) {
    if (!policy) return { ok: false, message: `${name} is not proctored: --proctor needs a contest with a proctoring policy` };
    const signals = sendableSignals(policy);
    if (signals.length === 0) {
      return {
        ok: false,
        message: `${name}'s proctoring collects no signal a browser reports (${Object.keys(policy.signals).join(", ")})`,
      };
    }
    if (contest.proctor.crossers > 0 && signals.every((s) => s.weight === 0)) {
      warnings.push(`${name}'s proctoring gives every signal weight 0: nobody can cross its line of ${policy.disqualifyAt}`);
    }
  }
  const accounts = contest.accounts === "auto" ? (c.allowGuests ? "guest" : "register") : contest.accounts;
  return { ok: true, info: { title: c.title, accounts, problems: c.problems.map((p) => p.label) }, policy, warnings };
}

/** contest.get as a guest who signed in for it. */
async function lookUp(url: string, contestId: string) {
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);
  const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
  const { token } = await anonymous.auth.guest.mutate(undefined, { signal: signal() });
  const guest = createTRPCClient<AppRouter>({ links: [httpLink({ url, headers: { authorization: `Bearer ${token}` } })] });
  return guest.contest.get.query({ contestId }, { signal: signal() });
}
