// Creating or editing a contest (until it starts): title, description, scoring, times by the
// server's clock (typed in this browser's time zone), registration, cap, visibility, problems, proctoring.
import { ContestProblemsField } from "./ContestProblemsField.tsx";
import { type ContestInput, type ContestValues, contestInput } from "./contest-values.ts";
import { FormEnd, useForm } from "./form.tsx";
import { ProctoringField } from "./ProctoringField.tsx";

/** "UTC+02:00": the zone the datetime fields are in. */
function zoneName(): string {
  const offset = -new Date().getTimezoneOffset();
  const abs = Math.abs(offset);
  return `UTC${offset >= 0 ? "+" : "-"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function ContestForm({
  initial,
  onSave,
  saving,
  saveLabel,
}: {
  initial: ContestValues;
  onSave: (input: ContestInput) => Promise<string | null>;
  saving: boolean;
  saveLabel: string;
}) {
  const { v, setValues, set, error, submit } = useForm(initial, contestInput, onSave);

  const time = (
    key: "startsAt" | "endsAt" | "freezeAt" | "registrationOpensAt" | "registrationClosesAt",
    text: string,
    required = false,
  ) => (
    <label>
      {text}
      <input type="datetime-local" step={1} required={required} value={v[key]} onChange={set(key)} />
    </label>
  );

  return (
    <form className="card stack organise-form" onSubmit={(e) => void submit(e)} aria-label="Contest">
      <fieldset>
        <legend>About</legend>
        <label>
          Title
          <input name="title" required maxLength={120} value={v.title} onChange={set("title")} />
        </label>
        <label>
          Description (Markdown)
          <textarea name="description" rows={4} maxLength={20_000} value={v.description} onChange={set("description")} />
        </label>
        <label>
          Scoring
          <select value={v.scoring} onChange={set("scoring")}>
            <option value="icpc">ICPC: problems solved, then penalty time</option>
            <option value="points">Points: per problem, in proportion to hidden tests passed</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Times ({zoneName()}, by the server's clock)</legend>
        <div className="form-row">
          {time("startsAt", "Starts", true)}
          {time("endsAt", "Ends", true)}
          {time("freezeAt", "Board freezes (optional)")}
        </div>
        <div className="form-row">
          {time("registrationOpensAt", "Registration opens (empty: now)")}
          {time("registrationClosesAt", "Registration closes (empty: at the end)")}
        </div>
      </fieldset>
      <fieldset>
        <legend>Who takes part</legend>
        <div className="form-row">
          <label>
            Participant cap
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={100_000}
              required
              value={v.maxParticipants}
              onChange={set("maxParticipants")}
            />
          </label>
          <label>
            Visibility
            <select value={v.visibility} onChange={set("visibility")}>
              <option value="public">Public: listed for everyone</option>
              <option value="unlisted">Unlisted: by link, with a join code</option>
            </select>
          </label>
          {v.visibility === "unlisted" && (
            <label>
              Join code (empty: one is made up)
              <input name="joinCode" minLength={4} maxLength={64} autoComplete="off" value={v.joinCode} onChange={set("joinCode")} />
            </label>
          )}
        </div>
        <label className="inline check">
          <input
            type="checkbox"
            checked={v.allowGuests}
            onChange={(e) => setValues((old) => ({ ...old, allowGuests: e.target.checked }))}
          />
          Guests may register
        </label>
      </fieldset>
      <ContestProblemsField problems={v.problems} onChange={(problems) => setValues((old) => ({ ...old, problems }))} />
      <ProctoringField value={v.proctoring} onChange={(proctoring) => setValues((old) => ({ ...old, proctoring }))} />
      <FormEnd error={error} saving={saving} saveLabel={saveLabel} />
    </form>
  );
}
