import { LitElement, css, html } from 'lit';
import type { CodeLanguage } from '../field-kind.ts';
import type { CodeEditorHandle } from '../code-editor.ts';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A code editor (CodeMirror 6) for JavaScript, JSON or Markdown strings.
 *
 * @fires value:change - `{ value: string }` on every edit
 * @csspart editor - the box holding CodeMirror
 * @csspart error - the error text
 */
export class PbCodeField extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: {},
    language: {},
  };
  static override styles = [fieldStyles, css`
    .editor { border: 1px solid #bbb; border-radius: 4px; min-height: 120px; max-height: 60vh; overflow: auto; resize: vertical; background: #fff; }
    .editor .cm-editor { min-height: 120px; font-size: 12px; }
    .editor .cm-editor.cm-focused { outline: 2px solid #3b7ddd; }
  `];

  declare value: string;
  declare language: CodeLanguage;
  private readonly field = new FieldController<string>(this);
  private editor: CodeEditorHandle | null = null;
  private disconnected = false;

  constructor() {
    super();
    this.value = '';
    this.language = 'javascript';
  }

  override render() {
    return html`
      <span class="label" id="label">${this.label}</span>
      <div class="editor" part="editor" aria-labelledby="label"></div>
      ${this.field.renderErrors()}
    `;
  }

  override firstUpdated() {
    void this.mount();
  }

  private async mount() {
    const { createCodeEditor } = await import('../code-editor.ts');
    if (this.disconnected || this.editor) return;
    this.editor = createCodeEditor({
      parent: this.renderRoot.querySelector('.editor')!,
      root: this.shadowRoot!,
      language: this.language,
      value: this.value ?? '',
      label: this.label,
      onChange: (text) => {
        this.value = text;
        this.field.emit(text);
      },
    });
    this.dataset.ready = '';
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('value')) this.editor?.setValue(this.value ?? '');
  }

  override connectedCallback() {
    super.connectedCallback();
    this.disconnected = false;
    // Moved in the DOM: the editor was destroyed on disconnect, so build it again.
    if (this.hasUpdated) void this.mount();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.disconnected = true;
    this.editor?.destroy();
    this.editor = null;
  }
}
customElements.define('pb-code-field', PbCodeField);

export interface PbCodeField extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-code-field': PbCodeField;
  }
}
