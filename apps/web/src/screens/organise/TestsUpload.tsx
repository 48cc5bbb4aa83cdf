// A bulk upload of tests, from a file or pasted text, JSON or CSV: the server reads it
// (`problem.parseTests`, which names the line at fault) and the tests replace the form's, to review
// before saving.
import { type ChangeEvent, useId, useState } from "react";
import { errorMessage } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { testsText } from "./problem-values.ts";

/** The server's cap on an upload (MAX_TESTS_BYTES in packages/api). */
const MAX_BYTES = 768 * 1024;

export function TestsUpload({ onTests }: { onTests: (publicTests: string, hiddenTests: string) => void }) {
  const { api } = useSession();
  const id = useId();
  const [format, setFormat] = useState<"json" | "csv">("json");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setMessage({ ok: false, text: `${file.name} is larger than ${MAX_BYTES / 1024} KB` });
      return;
    }
    if (/\.csv$/i.test(file.name)) setFormat("csv");
    else if (/\.json$/i.test(file.name)) setFormat("json");
    setText(await file.text());
    setMessage(null);
  };

  const read = async () => {
    if (new TextEncoder().encode(text).length > MAX_BYTES) {
      setMessage({ ok: false, text: `The upload is larger than ${MAX_BYTES / 1024} KB` });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const tests = await api.problem.parseTests.mutate({ format, text });
      onTests(testsText(tests.publicTests), testsText(tests.hiddenTests));
      setMessage({
        ok: true,
        text: `Read ${tests.publicTests.length} public and ${tests.hiddenTests.length} hidden tests: they replace the ones below. Review them, then save.`,
      });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="upload">
      <summary>Bulk upload (JSON or CSV)</summary>
      <p className="small muted">
        JSON: an array of <code>{'{ "input": [...], "expected": ..., "hidden": true }'}</code>. CSV: a header naming <code>input</code> (a
        JSON array of arguments), <code>expected</code> (JSON) and optionally <code>hidden</code> (true/false).
      </p>
      <div className="form-row">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as "json" | "csv")}>
            <option value="json">JSON</option>
            <option value="csv">CSV</option>
          </select>
        </label>
        <label>
          From a file
          <input type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => void pick(e)} />
        </label>
      </div>
      <label htmlFor={`${id}-paste`}>Or paste the tests</label>
      <textarea
        id={`${id}-paste`}
        className="code-area"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      <button type="button" className="fit" disabled={busy || text.trim() === ""} onClick={() => void read()}>
        Read tests
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok-text" : "error-text"}>
          {message.text}
        </p>
      )}
    </details>
  );
}
