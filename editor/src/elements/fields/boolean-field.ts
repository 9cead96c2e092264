import { LitElement, css, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { emitValue, type PathError } from '../form-types.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';

/**
 * A checkbox.
 *
 * @fires value:change - `{ value: boolean }` when toggled
 * @csspart input - the checkbox
 * @csspart error - the error text
 */
export class PbBooleanField extends LitElement {
  static override properties = {
    label: {},
    value: { type: Boolean },
    errors: { attribute: false },
  };
  static override styles = [fieldStyles, css`label { display: flex; gap: 6px; align-items: center; }`];

  declare label: string;
  declare value: boolean;
  declare errors: readonly PathError[];

  constructor() {
    super();
    this.label = '';
    this.value = false;
    this.errors = [];
  }

  override render() {
    return html`
      <label>
        <input part="input" type="checkbox" .checked=${live(Boolean(this.value))}
          @change=${(e: Event) => emitValue(this, (e.target as HTMLInputElement).checked)} />
        ${this.label}
      </label>
      ${renderErrors(this.errors)}
    `;
  }
}
customElements.define('pb-boolean-field', PbBooleanField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-boolean-field': PbBooleanField;
  }
}
