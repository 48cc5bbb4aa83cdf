// Authoring a problem: statement (with a preview), function name and signatures, public and hidden
// tests as JSON (or a bulk upload), limits, how answers are compared, and the reference solution.
import { Markdown } from "../../components/Statement.tsx";
import { LANGUAGE_LABEL, LANGUAGES, type Language } from "../../languages.ts";
import { FormEnd, useForm } from "./form.tsx";
import { type ComparisonKind, type ProblemInput, type ProblemValues, problemInput } from "./problem-values.ts";
import { TestsUpload } from "./TestsUpload.tsx";

const COMPARISONS: Record<ComparisonKind, string> = {
  exact: "Exact (equal JSON values)",
  tolerance: "Numbers within a tolerance",
  unordered: "A list in any order",
  checker: "A checker function",
};

export function ProblemForm({
  initial,
  onSave,
  saving,
  saveLabel,
}: {
  initial: ProblemValues;
  onSave: (input: ProblemInput) => Promise<string | null>;
  saving: boolean;
  saveLabel: string;
}) {
  const { v, setValues, set, error, submit } = useForm(initial, problemInput, onSave);

  return (
    <form className="card stack organise-form" onSubmit={(e) => void submit(e)} aria-label="Problem">
      <fieldset>
        <legend>Statement</legend>
        <label>
          Title
          <input name="title" required maxLength={120} value={v.title} onChange={set("title")} />
        </label>
        <label>
          Statement (Markdown: paragraphs, lists, `code`, **bold**, *italics*, code blocks)
          <textarea name="statement" rows={8} maxLength={20_000} value={v.statement} onChange={set("statement")} />
        </label>
        <details>
          <summary>Preview</summary>
          <div className="statement preview">
            <Markdown text={v.statement} />
          </div>
        </details>
      </fieldset>
      <fieldset>
        <legend>Function</legend>
        <label>
          Function name (Python players define its snake_case form)
          <input name="functionName" required pattern="[A-Za-z_][A-Za-z0-9_]{0,63}" value={v.functionName} onChange={set("functionName")} />
        </label>
        <div className="form-row">
          <label>
            JavaScript signature
            <textarea className="code-area" rows={3} value={v.signatureJs} onChange={set("signatureJs")} spellCheck={false} />
          </label>
          <label>
            Python signature
            <textarea className="code-area" rows={3} value={v.signaturePy} onChange={set("signaturePy")} spellCheck={false} />
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Tests</legend>
        <TestsUpload onTests={(publicTests, hiddenTests) => setValues((old) => ({ ...old, publicTests, hiddenTests }))} />
        <label>
          Public tests (JSON; players see them as examples)
          <textarea className="code-area" rows={6} value={v.publicTests} onChange={set("publicTests")} spellCheck={false} />
        </label>
        <label>
          Hidden tests (JSON; never shown)
          <textarea className="code-area" rows={6} value={v.hiddenTests} onChange={set("hiddenTests")} spellCheck={false} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Limits and comparison</legend>
        <div className="form-row">
          <label>
            Time limit per test (ms, 100–10000; empty: the judge's)
            <input type="number" inputMode="numeric" min={100} max={10_000} value={v.timeoutMs} onChange={set("timeoutMs")} />
          </label>
          <label>
            Memory limit (MB, 16–512; empty: the judge's)
            <input type="number" inputMode="numeric" min={16} max={512} value={v.memoryMb} onChange={set("memoryMb")} />
          </label>
        </div>
        <label>
          Answers are compared as
          <select value={v.comparison} onChange={set("comparison")}>
            {Object.entries(COMPARISONS).map(([kind, text]) => (
              <option key={kind} value={kind}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {v.comparison === "tolerance" && (
          <div className="form-row">
            <label>
              Absolute tolerance
              <input type="number" step="any" min={0} required value={v.abs} onChange={set("abs")} />
            </label>
            <label>
              Relative tolerance (0–1)
              <input type="number" step="any" min={0} max={1} required value={v.rel} onChange={set("rel")} />
            </label>
          </div>
        )}
        {v.comparison === "checker" && (
          <label>
            Checker: JavaScript <code>check(input, expected, actual)</code> returning true, false or {"{ ok, message }"}
            <textarea className="code-area" rows={6} value={v.checker} onChange={set("checker")} spellCheck={false} />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Reference solution</legend>
        <label>
          Language
          <select value={v.refLanguage} onChange={(e) => setValues((old) => ({ ...old, refLanguage: e.target.value as Language }))}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABEL[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code (publishing runs it on every test; it must be accepted)
          <textarea className="code-area" rows={8} required value={v.refCode} onChange={set("refCode")} spellCheck={false} />
        </label>
      </fieldset>
      <FormEnd error={error} saving={saving} saveLabel={saveLabel} />
    </form>
  );
}
