// A contest's problems, in label order: each a published version of the organiser's own problems or
// a library challenge, with its points; added, removed and moved up or down.
import type { Api } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { useAsync } from "../../util.ts";
import type { ContestProblemValue } from "./contest-values.ts";

interface Choices {
  versions: { id: string; title: string; version: number }[];
  library: { id: string; title: string; tier: number }[];
}

/**
 * Published versions and the library. `problem.list` gives each problem's newest version only; when
 * that is a draft made by editing a published one, the published one is read from its versions.
 */
async function loadChoices(api: Api): Promise<Choices> {
  const [problems, library] = await Promise.all([api.problem.list.query(), api.challenge.list.query()]);
  const versions = await Promise.all(
    problems.map(async (p) => {
      if (p.status === "published") return [{ id: p.versionId, title: p.title, version: p.version }];
      if (p.version === 1) return [];
      const all = await api.problem.versions.query({ problemId: p.problemId });
      const published = all.find((v) => v.status === "published");
      return published ? [{ id: published.id, title: published.title, version: published.version }] : [];
    }),
  );
  return { versions: versions.flat(), library };
}

export function ContestProblemsField({
  problems,
  onChange,
}: {
  problems: ContestProblemValue[];
  onChange: (problems: ContestProblemValue[]) => void;
}) {
  const { api } = useSession();
  const choices = useAsync(() => loadChoices(api), [api]);
  const known = new Set([
    ...(choices.data?.versions ?? []).map((v) => `v:${v.id}`),
    ...(choices.data?.library ?? []).map((c) => `c:${c.id}`),
  ]);
  const update = (i: number, patch: Partial<ContestProblemValue>) => onChange(problems.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const move = (i: number, by: number) => {
    const next = [...problems];
    const [p] = next.splice(i, 1);
    if (p) next.splice(i + by, 0, p);
    onChange(next);
  };

  return (
    <fieldset>
      <legend>Problems</legend>
      {choices.error && <p className="error-text">{choices.error}</p>}
      <ol className="contest-problems">
        {problems.map((p, i) => {
          const label = String.fromCharCode(65 + i);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions (labels), moved by value
            <li key={i} className="problem-row">
              <span className="label-chip" aria-hidden="true">
                {label}
              </span>
              <label className="grow">
                <span>Problem {label}</span>
                <select required value={p.source} onChange={(e) => update(i, { source: e.target.value })}>
                  <option value="">Choose a problem…</option>
                  {p.source && !known.has(p.source) && <option value={p.source}>Chosen before ({p.source.slice(2)})</option>}
                  <optgroup label="Your published problems">
                    {choices.data?.versions.map((v) => (
                      <option key={v.id} value={`v:${v.id}`}>
                        {v.title} (version {v.version})
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Library">
                    {choices.data?.library.map((c) => (
                      <option key={c.id} value={`c:${c.id}`}>
                        {c.title} (tier {c.tier})
                      </option>
                    ))}
                  </optgroup>
                </select>
              </label>
              <label className="points">
                Points {label}
                <input
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10_000}
                  required
                  value={p.points}
                  onChange={(e) => update(i, { points: e.target.value })}
                />
              </label>
              <span className="row-actions">
                <button type="button" className="small" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Move ${label} down`}
                  disabled={i === problems.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove ${label}`}
                  disabled={problems.length === 1}
                  onClick={() => onChange(problems.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {problems.length < 26 && (
        <button type="button" className="small fit" onClick={() => onChange([...problems, { source: "", points: "100" }])}>
          Add a problem
        </button>
      )}
    </fieldset>
  );
}
