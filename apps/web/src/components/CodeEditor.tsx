// CodeMirror 6: the player's editor (JavaScript, TypeScript and Python modes, Ctrl/Cmd+Enter
// submits) and read-only mirrors.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import { useEffect, useRef } from "react";
import type { Language } from "../languages.ts";

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: "#c792ea" },
  { tag: [t.string, t.special(t.string), t.regexp], color: "#c3e88d" },
  { tag: [t.number, t.bool, t.null], color: "#f78c6c" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#7f8ba6", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#82aaff" },
  { tag: [t.typeName, t.className, t.namespace], color: "#ffcb6b" },
  { tag: [t.propertyName], color: "#b2ccd6" },
  { tag: [t.definition(t.variableName)], color: "#eeffff" },
  { tag: [t.operator, t.punctuation], color: "#89ddff" },
  { tag: t.invalid, color: "#ff5370" },
]);

const theme = EditorView.theme(
  {
    "&": { backgroundColor: "var(--editor-bg)", color: "#e6edf3", fontSize: "14px", height: "100%" },
    ".cm-content": { fontFamily: "var(--mono)", caretColor: "#ffcc00" },
    ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
    // Line numbers at 4.5:1 or more, also on the active line and in a mirror (faded to 0.92).
    ".cm-gutters": { backgroundColor: "var(--editor-bg)", color: "#7b88a3", border: "none" },
    ".cm-activeLine": { backgroundColor: "#ffffff0a" },
    ".cm-activeLineGutter": { backgroundColor: "#ffffff0f" },
    "&.cm-focused .cm-cursor": { borderLeftColor: "#ffcc00" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#3a4d7a !important" },
    "&.cm-focused": { outline: "none" },
    ".cm-tooltip": { backgroundColor: "#1b2233", border: "1px solid #33405c" },
  },
  { dark: true },
);

function languageExtension(lang: Language): Extension {
  // Python blocks are indented four spaces (PEP 8, and every signature), not CodeMirror's default two.
  return lang === "python" ? [python(), indentUnit.of("    ")] : javascript({ typescript: lang === "typescript" });
}

interface Props {
  /** Accessible name of the editor, e.g. "Your code". */
  label: string;
  /** Initial content of an editable editor; the current content of a read-only one. */
  value: string;
  language: Language;
  readOnly?: boolean;
  onChange?: (code: string) => void;
  onSubmit?: () => void;
  /** Replaces an editable editor's content (a restored draft), when this number changes. */
  resetKey?: number;
  testId?: string;
}

export function CodeEditor({ label, value, language, readOnly = false, onChange, onSubmit, resetKey, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const callbacks = useRef({ onChange, onSubmit });
  callbacks.current = { onChange, onSubmit };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; later props are applied below
  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      drawSelection(),
      bracketMatching(),
      syntaxHighlighting(highlight),
      lang.current.of(languageExtension(language)),
      theme,
      EditorView.lineWrapping,
      // In the tab order, named: a read-only editor's content takes no focus otherwise, so a keyboard
      // could not reach or scroll a mirror whose code is taller than its pane. (An editable one is
      // focusable already; the tabindex says so to checkers that do not count contenteditable.)
      EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
    ];
    if (readOnly) {
      extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false), placeholder("Nothing typed yet"));
    } else {
      extensions.push(
        history(),
        indentOnInput(),
        closeBrackets(),
        autocompletion(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        keymap.of([
          {
            key: "Mod-Enter",
            preventDefault: true,
            run: () => {
              callbacks.current.onSubmit?.();
              return true;
            },
          },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          // Tab indents; Escape then Tab leaves the editor (CodeMirror's tab-focus mode).
          indentWithTab,
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onChange?.(u.state.doc.toString());
        }),
      );
    }
    view.current = new EditorView({ parent: host.current, state: EditorState.create({ doc: value, extensions }) });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, [readOnly]);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(languageExtension(language)) });
  }, [language]);

  // A read-only mirror follows `value`; an editable one only on an explicit reset.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` matters for editable editors only with resetKey
  useEffect(() => {
    const v = view.current;
    if (!v || (!readOnly && resetKey === undefined)) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [readOnly ? value : resetKey]);

  return <div className="editor" ref={host} data-testid={testId} />;
}
