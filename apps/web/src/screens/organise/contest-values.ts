// A contest form's values (datetime-local text, numbers as typed) and the API's contest input, both
// ways.
import type { Api } from "../../api.ts";
import { newProctoringValues, type ProctoringValues, proctoringInput, proctoringValuesOf } from "./proctoring-values.ts";

export type ContestInput = Parameters<Api["contestAdmin"]["create"]["mutate"]>[0];

export interface ContestProblemValue {
  /** "v:<problem version id>" or "c:<library challenge id>"; "" while not chosen. */
  source: string;
  points: string;
}

export interface ContestValues {
  title: string;
  description: string;
  scoring: "icpc" | "points";
  /** datetime-local values in this browser's time zone; "" for none. */
  startsAt: string;
  endsAt: string;
  freezeAt: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  maxParticipants: string;
  visibility: "public" | "unlisted";
  joinCode: string;
  allowGuests: boolean;
  problems: ContestProblemValue[];
  proctoring: ProctoringValues;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An instant as a datetime-local value (to the second) in this browser's time zone. */
export function toLocalInput(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value as ISO 8601 with this browser's offset at that date: "2025-06-01T18:00:00+02:00". */
export function fromLocalInput(value: string): string {
  const withSeconds = /T\d\d:\d\d$/.test(value) ? `${value}:00` : value.slice(0, 19);
  const offset = -new Date(withSeconds).getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${withSeconds}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

export function newContestValues(now = Date.now()): ContestValues {
  const hour = 3_600_000;
  const start = Math.ceil((now + hour) / hour) * hour;
  return {
    title: "",
    description: "",
    scoring: "icpc",
    startsAt: toLocalInput(new Date(start)),
    endsAt: toLocalInput(new Date(start + 2 * hour)),
    freezeAt: "",
    registrationOpensAt: "",
    registrationClosesAt: "",
    maxParticipants: "1000",
    visibility: "public",
    joinCode: "",
    allowGuests: false,
    problems: [{ source: "", points: "100" }],
    proctoring: newProctoringValues(),
  };
}

export function valuesOfInput(input: ContestInput): ContestValues {
  return {
    title: input.title,
    description: input.description ?? "",
    scoring: input.scoring,
    startsAt: toLocalInput(input.startsAt),
    endsAt: toLocalInput(input.endsAt),
    freezeAt: toLocalInput(input.freezeAt),
    registrationOpensAt: toLocalInput(input.registrationOpensAt),
    registrationClosesAt: toLocalInput(input.registrationClosesAt),
    maxParticipants: String(input.maxParticipants ?? 1000),
    visibility: input.visibility ?? "public",
    joinCode: input.joinCode ?? "",
    allowGuests: input.allowGuests ?? false,
    problems: input.problems.map((p) => ({
      source: p.problemVersionId ? `v:${p.problemVersionId}` : `c:${p.challengeId ?? ""}`,
      points: String(p.points ?? 100),
    })),
    proctoring: proctoringValuesOf(input.proctoring),
  };
}

/** The API's input, or what is missing. The server checks it all again (times in order, and so on). */
export function contestInput(v: ContestValues): { input: ContestInput } | { error: string } {
  if (!v.startsAt || !v.endsAt) return { error: "Set the start and the end" };
  const cap = Number(v.maxParticipants);
  if (!Number.isInteger(cap) || cap < 1) return { error: "Participant cap: a whole number, 1 or more" };
  const problems: ContestInput["problems"] = [];
  for (const [i, p] of v.problems.entries()) {
    const label = String.fromCharCode(65 + i);
    const points = Number(p.points);
    if (!Number.isInteger(points) || points < 1) return { error: `Problem ${label}: points must be a whole number, 1 or more` };
    if (p.source.startsWith("v:")) problems.push({ problemVersionId: p.source.slice(2), points });
    else if (p.source.startsWith("c:") && p.source.length > 2) problems.push({ challengeId: p.source.slice(2), points });
    else return { error: `Problem ${label}: choose a problem` };
  }
  if (problems.length === 0) return { error: "Add at least one problem" };
  const proctoring = proctoringInput(v.proctoring);
  if ("error" in proctoring) return proctoring;
  const at = (s: string) => (s ? fromLocalInput(s) : undefined);
  return {
    input: {
      title: v.title,
      description: v.description,
      scoring: v.scoring,
      startsAt: fromLocalInput(v.startsAt),
      endsAt: fromLocalInput(v.endsAt),
      freezeAt: at(v.freezeAt) ?? null,
      registrationOpensAt: at(v.registrationOpensAt),
      registrationClosesAt: at(v.registrationClosesAt),
      maxParticipants: cap,
      visibility: v.visibility,
      joinCode: v.visibility === "unlisted" && v.joinCode.trim() ? v.joinCode.trim() : undefined,
      allowGuests: v.allowGuests,
      proctoring: proctoring.policy,
      problems,
    },
  };
}

/** The form's values from a contest as `contestAdmin.get` gives it. */
export function valuesOfEditable(e: Awaited<ReturnType<Api["contestAdmin"]["get"]["query"]>>): ContestValues {
  return valuesOfInput({
    ...e,
    joinCode: e.joinCode ?? undefined,
    problems: e.problems.map((p) => ({
      problemVersionId: p.problemVersionId ?? undefined,
      challengeId: p.challengeId ?? undefined,
      points: p.points,
    })),
  });
}
