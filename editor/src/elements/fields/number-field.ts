import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import { emitValue, type PathError } from '../form-types.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';

/**
 * A number input honouring the schema's `minimum`, `maximum` and `integer` type. Text that
 * is not a number yet (a lone "-") is not emitted; the field says what is wrong instead.
 *
 * @fires value:change - `{ value: number }` when the text is a valid number
 * @csspart input - the input element
 * @csspart error - the error text
 */
export class PbNumberField extends LitElement {
  static override properties = {
    label: {},
    compact: { type: Boolean, reflect: true },
    placeholder: {},
    value: { type: Number },
    schema: { attribute: false },
    errors: { attribute: false },
    problem: { state: true },
  };
  static override styles = fieldStyles;

  declare label: string;
  /** Shown in a compact row: the label is for screen readers only. */
  declare compact: boolean;
  declare placeholder: string;
  declare value: number | undefined;
  declare schema: JsonSchema;
  declare errors: readonly PathError[];
  declare private problem: string;

  constructor() {
    super();
    this.label = '';
    this.compact = false;
    this.placeholder = '';
    this.value = undefined;
    this.schema = { type: 'number' };
    this.errors = [];
    this.problem = '';
  }

  override render() {
    const { minimum, maximum } = this.schema as { minimum?: number; maximum?: number };
    const errors = this.problem ? [...this.errors, { path: '', message: this.problem }] : this.errors;
    return html`
      <label for="input">${this.label}</label>
      <input id="input" part="input" type="number" .value=${live(this.value === undefined ? '' : String(this.value))}
        min=${minimum ?? ''} max=${maximum ?? ''} step=${this.schema.type === 'integer' ? '1' : 'any'} placeholder=${this.placeholder}
        aria-invalid=${errors.length > 0} @input=${this.onInput} />
      ${renderErrors(errors)}
    `;
  }

  private onInput(e: Event) {
    const text = (e.target as HTMLInputElement).value.trim();
    const n = Number(text);
    this.problem = text === '' || Number.isNaN(n) ? 'Enter a number' : this.rangeProblem(n);
    if (!this.problem) emitValue(this, n);
  }

  private rangeProblem(n: number): string {
    const { minimum, maximum, type } = this.schema as { minimum?: number; maximum?: number; type?: string };
    if (type === 'integer' && !Number.isInteger(n)) return 'Enter a whole number';
    if (minimum !== undefined && n < minimum) return `At least ${minimum}`;
    if (maximum !== undefined && n > maximum) return `At most ${maximum}`;
    return '';
  }
}
customElements.define('pb-number-field', PbNumberField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-number-field': PbNumberField;
  }
}
