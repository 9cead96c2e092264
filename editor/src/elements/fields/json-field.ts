import { LitElement, html } from 'lit';
import { emitValue, type PathError } from '../form-types.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';
import { errorMessage } from '../../../../server/api/shared.ts';

/**
 * Any value the other fields cannot show, edited as JSON text. Text that does not parse is
 * kept in the field (with the parser's message) and not emitted.
 *
 * @fires value:change - `{ value }` when the text parses
 * @csspart error - the error text
 */
export class PbJsonField extends LitElement {
  static override properties = {
    label: {},
    value: { attribute: false },
    errors: { attribute: false },
    problem: { state: true },
  };
  static override styles = fieldStyles;

  declare label: string;
  declare value: unknown;
  declare errors: readonly PathError[];
  declare private problem: string;
  /** The value last emitted and the text it came from: our own change coming back down keeps the text as typed. */
  private emitted: unknown = Symbol('none');
  private lastText = '';

  constructor() {
    super();
    this.label = '';
    this.value = undefined;
    this.errors = [];
    this.problem = '';
  }

  override render() {
    const errors = this.problem ? [...this.errors, { path: '', message: this.problem }] : this.errors;
    return html`
      <pb-code-field .label=${this.label} language="json" .value=${this.text()}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.onText(e.detail.value as string)}></pb-code-field>
      ${renderErrors(errors)}
    `;
  }

  private text(): string {
    if (this.value === this.emitted) return this.lastText;
    return this.value === undefined ? '' : JSON.stringify(this.value, null, 2);
  }

  private onText(text: string) {
    this.lastText = text;
    try {
      const value = text.trim() === '' ? undefined : JSON.parse(text);
      this.problem = '';
      this.emitted = value;
      emitValue(this, value);
    } catch (err) {
      this.problem = errorMessage(err);
    }
  }
}
customElements.define('pb-json-field', PbJsonField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-json-field': PbJsonField;
  }
}
