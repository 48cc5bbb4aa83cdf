// A problem's page for its organiser: a new one's form, or an existing one's versions (publish,
// followed until the judge has decided) and the form to edit its newest version.
import { useEffect, useState } from "react";
import { errorMessage } from "../../api.ts";
import { Link, navigate } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { useAsync } from "../../util.ts";
import { ProblemForm } from "./ProblemForm.tsx";
import { ProblemVersions } from "./ProblemVersions.tsx";
import { EMPTY_PROBLEM, type ProblemInput, valuesOf } from "./problem-values.ts";

export function ProblemPage({ problemId }: { problemId?: string }) {
  const { api } = useSession();
  const versions = useAsync(async () => (problemId ? api.problem.versions.query({ problemId }) : []), [api, problemId]);
  const [busy, setBusy] = useState(false);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const newest = versions.data?.[0];
  const checking = newest?.status === "checking";

  // The judge's decision arrives in a second or a few: follow it.
  const { reload } = versions;
  useEffect(() => {
    if (!checking) return;
    const t = setInterval(reload, 1000);
    return () => clearInterval(t);
  }, [checking, reload]);

  const save = async (input: ProblemInput): Promise<string | null> => {
    setBusy(true);
    setSaved(null);
    try {
      if (!problemId) {
        const created = await api.problem.create.mutate(input);
        navigate(`/organise/problem/${created.problemId}`);
        return null;
      }
      const v = await api.problem.update.mutate({ problemId, problem: input });
      setSaved(`Saved as version ${v.version} (a draft): publish it when ready.`);
      reload();
      return null;
    } catch (err) {
      return errorMessage(err);
    } finally {
      setBusy(false);
    }
  };

  const publish = async (versionId: string) => {
    setBusy(true);
    setPublishError(null);
    try {
      await api.problem.publish.mutate({ versionId });
      reload();
    } catch (err) {
      setPublishError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (versions.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {versions.error}
        </p>
        <Link href="/organise">Back to Organise</Link>
      </main>
    );
  }
  if (!versions.data) return <main className="narrow muted">Loading the problem…</main>;

  return (
    <main className="organise">
      <p className="small">
        <Link href="/organise">← Organise</Link>
      </p>
      <h1>{newest ? newest.title : "New problem"}</h1>
      {versions.data.length > 0 && (
        <ProblemVersions versions={versions.data} onPublish={(id) => void publish(id)} busy={busy || checking} />
      )}
      {publishError && (
        <p role="alert" className="error-text">
          {publishError}
        </p>
      )}
      {saved && (
        <p role="status" className="ok-text">
          {saved}
        </p>
      )}
      <h2>{newest ? `Edit${newest.status === "published" ? ` (saving makes version ${newest.version + 1})` : ""}` : "The problem"}</h2>
      {checking ? (
        <p className="muted">The form returns once the judge has checked this version.</p>
      ) : (
        <ProblemForm
          // A new version (after editing a published one) starts the form from what was saved.
          key={newest?.id ?? "new"}
          initial={newest ? valuesOf(newest) : EMPTY_PROBLEM}
          onSave={save}
          saving={busy}
          saveLabel={problemId ? "Save" : "Create the problem"}
        />
      )}
    </main>
  );
}
