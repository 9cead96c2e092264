import { LitElement, css, html, nothing } from 'lit';
import type { CodeLanguage } from '../field-kind.ts';
import type { CodeEditorHandle } from '../code-editor.ts';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A code editor (CodeMirror 6) for JavaScript, JSON or Markdown strings. JavaScript (a
 * function node's code) completes what is in scope (`msg.`, `node.`, `flow.`, `RED.util.`,
 * …; Ctrl+Space lists them) and says on which line it stops parsing while one types. The
 * Expand button (or Escape to come back) shows the editor over the whole window.
 *
 * @fires value:change - `{ value: string }` on every edit
 * @csspart editor - the box holding CodeMirror
 * @csspart expand - the button that shows the editor full size
 * @csspart error - the error text
 */
export class PbCodeField extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: {},
    language: {},
    placeholder: {},
    expanded: { type: Boolean, reflect: true },
  };
  static override styles = [fieldStyles, css`
    .top { display: flex; align-items: flex-end; justify-content: space-between; gap: 8px; }
    .top button { padding: 0 6px; font-size: 12px; margin-bottom: 3px; }
    .editor { border: 1px solid var(--pb-border, #bbb); border-radius: 4px; min-height: 120px; max-height: 60vh; overflow: auto; resize: vertical; background: var(--pb-input-bg, #fff); }
    .editor .cm-editor { min-height: 120px; font-size: 12px; }
    .editor .cm-editor.cm-focused { outline: 2px solid #3b7ddd; }
    :host([expanded]) .frame { position: fixed; z-index: 1000; inset: 4vh 4vw; display: flex; flex-direction: column; padding: 10px 12px;
      background: var(--pb-panel, #fff); border-radius: 8px; box-shadow: 0 0 0 100vmax #0006, 0 10px 40px #0006; }
    :host([expanded]) .editor { flex: 1; max-height: none; resize: none; }
    :host([expanded]) .editor .cm-editor { height: 100%; font-size: 13px; }
  `];

  declare value: string;
  declare language: CodeLanguage;
  /** Shown while the code is empty. */
  declare placeholder: string;
  /** Shown over the whole window. */
  declare expanded: boolean;
  private readonly field = new FieldController<string>(this);
  private editor: CodeEditorHandle | null = null;
  private disconnected = false;

  constructor() {
    super();
    this.value = '';
    this.language = 'javascript';
    this.placeholder = '';
    this.expanded = false;
  }

  override render() {
    return html`
      <div class="frame" @keydown=${this.onKeyDown}>
        <div class="top">
          <span class="label" id="label">${this.label}</span>
          <button type="button" part="expand" aria-expanded=${this.expanded} aria-label="${this.expanded ? 'Shrink' : 'Expand'} ${this.label}"
            title=${this.expanded ? 'Back to the form (Escape)' : 'Edit in the whole window'}
            @click=${() => this.setExpanded(!this.expanded)}>${this.expanded ? 'Shrink' : 'Expand'}</button>
        </div>
        <div class="editor" part="editor" aria-labelledby="label"></div>
        ${this.expanded ? this.field.renderErrors() : nothing}
      </div>
      ${this.expanded ? nothing : this.field.renderErrors()}
    `;
  }

  override firstUpdated() {
    void this.mount();
  }

  private setExpanded(expanded: boolean) {
    this.expanded = expanded;
    void this.updateComplete.then(() => this.editor?.focus());
  }

  /** Escape leaves the full-size view, unless CodeMirror used it (closing its completions). */
  private onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !this.expanded || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    this.setExpanded(false);
  }

  private async mount() {
    const { createCodeEditor, syntaxProblem } = await import('../code-editor.ts');
    if (this.disconnected || this.editor) return;
    // After the edit's own value:change (which clears the last problem).
    const showSyntax = (problem: string | null) => this.field.reject(problem ?? '');
    this.editor = createCodeEditor({
      parent: this.renderRoot.querySelector('.editor')!,
      root: this.shadowRoot!,
      language: this.language,
      value: this.value ?? '',
      label: this.label,
      placeholder: this.placeholder,
      onChange: (text) => {
        this.value = text;
        this.field.emit(text);
      },
      onSyntax: showSyntax,
    });
    if (this.language === 'javascript') showSyntax(syntaxProblem(this.value ?? ''));
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
