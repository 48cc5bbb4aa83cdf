// The languages a player writes in: their names, what a challenge looks like in each (signature,
// function name, values), and the player's choice, remembered across battles.
import type { Challenge } from "./battle-state.ts";
import type { ValueStyle } from "./util.ts";

/** What of a problem the language decides: a battle's challenge or a contest's problem. */
export type ProblemText = Pick<Challenge, "statement" | "functionName" | "pythonFunctionName" | "signature">;

/** The judge's languages (`battle.submit` checks the same list). */
export const LANGUAGES = ["javascript", "typescript", "python"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Python is CPython 3.14 (npm `pyodide` 314.x in packages/judge): players should know which Python they get. */
export const LANGUAGE_LABEL: Record<Language, string> = { javascript: "JavaScript", typescript: "TypeScript", python: "Python 3.14" };
export const LANGUAGE_SHORT: Record<Language, string> = { javascript: "JS", typescript: "TS", python: "PY" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** A submission's or mirror's language as sent by the server; anything unknown reads as JavaScript. */
export function asLanguage(value: unknown): Language {
  return isLanguage(value) ? value : "javascript";
}

/** TypeScript starts from the JavaScript declaration: the judge runs both against the same tests. */
export function signatureFor(challenge: ProblemText, language: Language): string {
  return language === "python" ? challenge.signature.python : challenge.signature.javascript;
}

export function functionNameFor(challenge: ProblemText, language: Language): string {
  return language === "python" ? challenge.pythonFunctionName : challenge.functionName;
}

/** The statement calls the function by the name the player's language gives it. */
export function statementFor(challenge: ProblemText, language: Language): string {
  const name = functionNameFor(challenge, language);
  if (name === challenge.functionName) return challenge.statement;
  // Function names are identifiers: no pattern characters to escape.
  return challenge.statement.replace(new RegExp(`\\b${challenge.functionName}\\(`, "g"), `${name}(`);
}

/** Python players read test values as Python literals (`True`, `None`); the others as JSON. */
export function valueStyle(language: Language): ValueStyle {
  return language === "python" ? "python" : "json";
}

const PREFERENCE_KEY = "codeduel:language";

/** The language the player picked last, in any battle. */
export function preferredLanguage(): Language {
  try {
    return asLanguage(localStorage.getItem(PREFERENCE_KEY));
  } catch {
    return "javascript";
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(PREFERENCE_KEY, language);
  } catch {
    // Storage unavailable: the choice lasts for this battle only.
  }
}
