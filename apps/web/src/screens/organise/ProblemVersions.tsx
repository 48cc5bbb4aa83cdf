// A problem's versions, newest first, with their status; publishing the newest (the judge runs the
// reference on every test: checking, then published or rejected with the verdict that says why).
import type { Submission, VerdictData } from "../../battle-state.ts";
import { TableRegion } from "../../components/TableRegion.tsx";
import { VerdictDetail } from "../../components/Verdict.tsx";
import { asLanguage } from "../../languages.ts";
import { dateTime } from "../../util.ts";
import type { ProblemVersion } from "./problem-values.ts";

const STATUS: Record<string, { text: string; className: string }> = {
  draft: { text: "Draft", className: "" },
  checking: { text: "Checking…", className: "pending" },
  published: { text: "Published", className: "ok" },
  rejected: { text: "Rejected", className: "bad" },
};

export function VersionStatus({ status }: { status: string }) {
  const s = STATUS[status] ?? { text: status, className: "" };
  return <span className={`badge ${s.className}`}>{s.text}</span>;
}

/** The Python name of a function, as the judge derives it (packages/challenges' `pythonName`, not imported: it brings the library). */
function pythonName(functionName: string): string {
  return functionName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** Why the judge rejected the reference: the verdict as players would see it. */
function CheckVerdict({ version }: { version: ProblemVersion }) {
  const verdict = version.checkVerdict as Omit<VerdictData, "type" | "submissionId" | "userId"> | null;
  if (!verdict) return null;
  const reference = version.reference as { language?: string };
  const submission: Submission = {
    id: version.id,
    userId: "",
    language: asLanguage(reference.language),
    queuedAt: version.createdAt,
    verdict: { type: "verdict", submissionId: version.id, userId: "", ...verdict },
  };
  const problem = {
    statement: version.statement,
    functionName: version.functionName,
    pythonFunctionName: pythonName(version.functionName),
    signature: version.signature as { javascript: string; python: string },
    publicTests: version.publicTests as { input: unknown[]; expected: unknown }[],
  };
  return <VerdictDetail submission={submission} challenge={problem} index={version.version} />;
}

export function ProblemVersions({
  versions,
  onPublish,
  busy,
}: {
  versions: ProblemVersion[];
  onPublish: (versionId: string) => void;
  busy: boolean;
}) {
  const newest = versions[0];
  if (!newest) return null;
  const publishable = newest.status === "draft" || newest.status === "rejected";
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p role="status" data-testid="publish-status">
        Version {newest.version}: <VersionStatus status={newest.status} />
        {newest.status === "checking" && " the judge is running the reference solution on every test…"}
        {newest.status === "published" && " contests can use it; editing makes the next version."}
        {newest.status === "rejected" && " the reference solution failed (below): fix it or the tests, save, and publish again."}
      </p>
      {publishable && (
        <button type="button" className="primary" disabled={busy} onClick={() => onPublish(newest.id)}>
          Publish version {newest.version}
        </button>
      )}
      {newest.status === "rejected" && <CheckVerdict version={newest} />}
      <TableRegion label="Versions table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Version
              </th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Saved</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td className="num">{v.version}</td>
                <td>{v.title}</td>
                <td>
                  <VersionStatus status={v.status} />
                </td>
                <td className="small">{dateTime(v.createdAt)}</td>
                <td className="small">{v.publishedAt ? dateTime(v.publishedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
