// CodeMirror 6 behind a small handle. Loaded on demand by <pb-code-field>, so the editor's
// first screen does not wait for the code editor's bundle.
import { EditorView, basicSetup } from 'codemirror';
import { placeholder } from '@codemirror/view';
import { Annotation, Prec, type Extension } from '@codemirror/state';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { parse } from 'acorn';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import type { CodeLanguage } from './field-kind.ts';
import { functionCompletions } from './function-completions.ts';

export interface CodeEditorHandle {
  /** Replaces the text without reporting it as a change (it came from outside). */
  setValue(text: string): void;
  focus(): void;
  destroy(): void;
}

export interface CodeEditorOptions {
  parent: HTMLElement;
  /** The shadow root the editor lives in, so CodeMirror mounts its styles there. */
  root: ShadowRoot;
  language: CodeLanguage;
  value: string;
  label: string;
  /** Shown while the text is empty. */
  placeholder?: string;
  onChange(text: string): void;
  /** JavaScript only: called after each change with what makes the code not parse, or null. */
  onSyntax?(problem: string | null): void;
}

/** Marks transactions made by setValue, so they are not echoed back as edits. */
const external = Annotation.define<boolean>();

/** JavaScript is a function node's body: completions for what is in scope there. */
const LANGUAGES: Record<CodeLanguage, () => Extension> = {
  javascript: () => [javascript(), javascriptLanguage.data.of({ autocomplete: functionCompletions })],
  json, markdown, text: () => [],
};

/**
 * Why `code`, as the body of a function (top-level `return` and `await` allowed, as the
 * function node runs it), does not parse; null when it does. Lines count from the code's first.
 */
export function syntaxProblem(code: string): string | null {
  try {
    parse(code, { ecmaVersion: 'latest', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, locations: true });
    return null;
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc;
    if (!(err instanceof SyntaxError) || !loc) return String(err);
    return `Syntax error on line ${loc.line}, column ${loc.column + 1}: ${err.message.replace(/ \(\d+:\d+\)$/, '')}`;
  }
}

/** Mounts a CodeMirror editor. */
export function createCodeEditor(options: CodeEditorOptions): CodeEditorHandle {
  const view = new EditorView({
    doc: options.value,
    root: options.root,
    parent: options.parent,
    extensions: [
      basicSetup,
      LANGUAGES[options.language](),
      EditorView.contentAttributes.of({ 'aria-label': options.label }),
      options.placeholder ? placeholder(options.placeholder) : [],
      // Ctrl+Enter deploys, as in every other field: handled here, CodeMirror's own binding (a
      // new line below) does not run; the editor's shortcut handler on the window deploys.
      Prec.highest(EditorView.domEventHandlers({ keydown: (e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' })),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        const text = update.state.doc.toString();
        if (!update.transactions.some((tr) => tr.annotation(external))) options.onChange(text);
        if (options.language === 'javascript') options.onSyntax?.(syntaxProblem(text));
      }),
    ],
  });
  return {
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: external.of(true) });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
