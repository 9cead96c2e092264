// CodeMirror 6 behind a small handle. Loaded on demand by <pb-code-field>, so the editor's
// first screen does not wait for the code editor's bundle.
import { EditorView, basicSetup } from 'codemirror';
import { Annotation, Prec, type Extension } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import type { CodeLanguage } from './field-kind.ts';

export interface CodeEditorHandle {
  /** Replaces the text without reporting it as a change (it came from outside). */
  setValue(text: string): void;
  destroy(): void;
}

export interface CodeEditorOptions {
  parent: HTMLElement;
  /** The shadow root the editor lives in, so CodeMirror mounts its styles there. */
  root: ShadowRoot;
  language: CodeLanguage;
  value: string;
  label: string;
  onChange(text: string): void;
}

/** Marks transactions made by setValue, so they are not echoed back as edits. */
const external = Annotation.define<boolean>();

const LANGUAGES: Record<CodeLanguage, () => Extension> = { javascript, json, markdown, text: () => [] };

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
      // Ctrl+Enter deploys, as in every other field: handled here, CodeMirror's own binding (a
      // new line below) does not run; the editor's shortcut handler on the window deploys.
      Prec.highest(EditorView.domEventHandlers({ keydown: (e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' })),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && !update.transactions.some((tr) => tr.annotation(external))) {
          options.onChange(update.state.doc.toString());
        }
      }),
    ],
  });
  return {
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: external.of(true) });
    },
    destroy: () => view.destroy(),
  };
}
