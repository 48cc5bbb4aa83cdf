// Exports for admins: the final standings and every submission, as JSON or CSV. Submissions carry a
// hash of their code, never the code: enough to spot identical ones without shipping them around.
import { type Database, schema } from "@codeduel/db";
import { asc, eq } from "drizzle-orm";
import type { Board } from "./events.ts";
import { PENALTY_MINUTES_PER_REJECTION, rank } from "./scoring.ts";

const { contestSubmissions, users } = schema;

export type ExportFormat = "json" | "csv";

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A text that a
 * spreadsheet would run as a formula (=, +, -, @ first: an admin's reason, a username) gets a
 * leading apostrophe (OWASP's CSV injection advice); numbers are left as they are.
 */
function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** The live board ranked: rank, participant, totals, and per problem its result. */
export function standingsExport(board: Board, format: ExportFormat): string {
  const ranked = rank(board.rows, board.scoring);
  const labels = board.problems.map((p) => p.label);
  const rows = ranked.map(({ row, totals, rank: place }) => ({
    /** null: disqualified. */
    rank: place,
    userId: row.userId,
    name: row.name,
    disqualified: row.disqualified ?? false,
    solved: totals.solved,
    penalty: totals.penalty,
    points: totals.points,
    problems: Object.fromEntries(
      labels.map((label) => {
        const cell = row.cells[label];
        return [
          label,
          {
            attempts: cell?.attempts ?? 0,
            acceptedAtMinute: cell?.acceptedMs === null || cell?.acceptedMs === undefined ? null : Math.floor(cell.acceptedMs / 60_000),
            points: cell?.points ?? 0,
          },
        ];
      }),
    ),
  }));
  if (format === "json") {
    return JSON.stringify(
      { contestId: board.contestId, scoring: board.scoring, penaltyPerRejection: PENALTY_MINUTES_PER_REJECTION, rows },
      null,
      2,
    );
  }
  const perProblem = labels.flatMap((l) => [`${l} attempts`, `${l} accepted minute`, `${l} points`]);
  return toCsv(
    ["rank", "user_id", "name", "disqualified", "solved", "penalty", "points", ...perProblem],
    rows.map((r) => [
      r.rank,
      r.userId,
      r.name,
      r.disqualified,
      r.solved,
      r.penalty,
      r.points,
      ...labels.flatMap((l) => {
        const p = r.problems[l];
        return [p?.attempts, p?.acceptedAtMinute, p?.points];
      }),
    ]),
  );
}

/** Every submission of the contest, oldest first. */
export async function submissionsExport(db: Database, contestId: string, format: ExportFormat): Promise<string> {
  const rows = await db
    .select({
      id: contestSubmissions.id,
      userId: contestSubmissions.userId,
      name: users.username,
      label: contestSubmissions.label,
      language: contestSubmissions.language,
      status: contestSubmissions.status,
      atMs: contestSubmissions.atMs,
      createdAt: contestSubmissions.createdAt,
      codeSha256: contestSubmissions.codeSha256,
    })
    .from(contestSubmissions)
    .innerJoin(users, eq(users.id, contestSubmissions.userId))
    .where(eq(contestSubmissions.contestId, contestId))
    .orderBy(asc(contestSubmissions.createdAt));
  const out = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  if (format === "json") return JSON.stringify(out, null, 2);
  return toCsv(
    ["submission_id", "user_id", "name", "problem", "language", "verdict", "at_ms", "submitted_at", "code_sha256"],
    out.map((r) => [r.id, r.userId, r.name, r.label, r.language, r.status, r.atMs, r.createdAt, r.codeSha256]),
  );
}
