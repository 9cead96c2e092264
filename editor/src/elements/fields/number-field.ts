import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import { compactFieldProperties, FieldController, type CompactFieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

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
    ...compactFieldProperties,
    value: { type: Number },
    schema: { attribute: false },
  };
  static override styles = fieldStyles;

  declare value: number | undefined;
  declare schema: JsonSchema;
  private readonly field = new FieldController<number>(this);

  constructor() {
    super();
    this.value = undefined;
    this.schema = { type: 'number' };
  }

  override render() {
    const { minimum, maximum } = this.schema as { minimum?: number; maximum?: number };
    return html`
      <label for="input">${this.label}</label>
      <input id="input" part="input" type="number" .value=${live(this.value === undefined ? '' : String(this.value))}
        min=${minimum ?? ''} max=${maximum ?? ''} step=${this.schema.type === 'integer' ? '1' : 'any'} placeholder=${this.placeholder}
        aria-invalid=${this.field.invalid} @input=${this.onInput} />
      ${this.field.renderErrors()}
    `;
  }

  private onInput(e: Event) {
    const text = (e.target as HTMLInputElement).value.trim();
    const n = Number(text);
    const problem = text === '' || Number.isNaN(n) ? 'Enter a number' : this.rangeProblem(n);
    if (problem) this.field.reject(problem);
    else this.field.emit(n);
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

export interface PbNumberField extends CompactFieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-number-field': PbNumberField;
  }
}
