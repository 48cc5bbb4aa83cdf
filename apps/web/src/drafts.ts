// A battle's draft in this browser: the code typed in each language and the language in use, so
// neither a reload nor switching languages loses anything. The server's mirror keeps only the
// latest code, which restores the editor when this browser has no draft.
import { asLanguage, LANGUAGES, type Language } from "./languages.ts";

export interface Draft {
  language: Language;
  code: Partial<Record<Language, string>>;
}

function draftKey(battleId: string) {
  return `codeduel:draft:${battleId}`;
}

export function loadDraft(battleId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(battleId));
    if (!raw) return null;
    const stored = JSON.parse(raw) as { language?: unknown; code?: unknown };
    const language = asLanguage(stored.language);
    // Drafts written before each language had its own: one string, in the language then in use.
    if (typeof stored.code === "string") return { language, code: { [language]: stored.code } };
    const code: Draft["code"] = {};
    const byLanguage = (stored.code ?? {}) as Record<string, unknown>;
    for (const l of LANGUAGES) {
      const c = byLanguage[l];
      if (typeof c === "string") code[l] = c;
    }
    return { language, code };
  } catch {
    return null;
  }
}

export function saveDraft(battleId: string, draft: Draft): void {
  try {
    localStorage.setItem(draftKey(battleId), JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the server's mirror still has the latest code.
  }
}
