// What both organiser forms share: the values as typed, the error to show, a submit that reads the
// values into the API's input (naming the field at fault) before saving, and the form's end.
import { type FormEvent, useState } from "react";

export function useForm<V, I>(
  initial: V,
  read: (values: V) => { input: I } | { error: string },
  onSave: (input: I) => Promise<string | null>,
) {
  const [v, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  /** An input's onChange for one text field. */
  const set =
    <K extends keyof V>(key: K) =>
    (e: { target: { value: string } }) =>
      setValues((old) => ({ ...old, [key]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = read(v);
    if ("error" in result) {
      setError(result.error);
      return;
    }
    setError(await onSave(result.input));
  };
  return { v, setValues, set, error, submit };
}

/** The form's error, if any, and its save button. */
export function FormEnd({ error, saving, saveLabel }: { error: string | null; saving: boolean; saveLabel: string }) {
  return (
    <>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saveLabel}
        </button>
      </div>
    </>
  );
}
