// CodeMirror 6 behind a small handle. Loaded on demand by <pb-code-field>, so the editor's
// first screen does not wait for the code editor's bundle.
import { EditorView, basicSetup } from 'codemirror';
import { Annotation, type Extension } from '@codemirror/state';
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
