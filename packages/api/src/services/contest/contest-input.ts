// What an organiser sets on a contest, validated once for the API and the service.
import { z } from "zod";
import { proctorPolicySchema } from "../proctoring/policy.ts";

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** A problem of the contest: a published version of the organiser's own, or a library challenge. */
export const contestProblemInputSchema = z
  .object({
    problemVersionId: z.uuid().optional(),
    challengeId: z.string().min(1).max(100).optional(),
    points: z.number().int().min(1).max(10_000).default(100),
  })
  .refine((p) => (p.problemVersionId === undefined) !== (p.challengeId === undefined), "exactly one of problemVersionId, challengeId");

export const contestInputSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    description: z.string().max(20_000).default(""),
    scoring: z.enum(["icpc", "points"]),
    startsAt: instant,
    endsAt: instant,
    freezeAt: instant.nullish(),
    /** Defaults: registration opens now and closes at the end. */
    registrationOpensAt: instant.optional(),
    registrationClosesAt: instant.optional(),
    maxParticipants: z.number().int().min(1).max(100_000).default(1000),
    visibility: z.enum(["public", "unlisted"]).default("public"),
    /** Required to register for an unlisted contest; made up when none is given. */
    joinCode: z.string().trim().min(4).max(64).optional(),
    allowGuests: z.boolean().default(false),
    /** Proctored: the signals collected and what they lead to; null or absent: not proctored. */
    proctoring: proctorPolicySchema.nullish(),
    /** In label order: the first is A. */
    problems: z.array(contestProblemInputSchema).min(1).max(26),
  })
  .refine((c) => c.endsAt > c.startsAt, { message: "the contest must end after it starts", path: ["endsAt"] })
  .refine((c) => !c.freezeAt || (c.freezeAt >= c.startsAt && c.freezeAt <= c.endsAt), {
    message: "the freeze must fall within the contest",
    path: ["freezeAt"],
  });
export type ContestInput = z.infer<typeof contestInputSchema>;

/** A, B, ... Z: contests have at most 26 problems. */
export function labelAt(index: number): string {
  return String.fromCharCode(65 + index);
}
