import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { emitValue, type PathError } from '../form-types.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';

/**
 * A one-line text input.
 *
 * @fires value:change - `{ value: string }` on every keystroke
 * @csspart input - the input element
 * @csspart error - the error text
 */
export class PbTextField extends LitElement {
  static override properties = {
    label: {},
    compact: { type: Boolean, reflect: true },
    value: {},
    password: { type: Boolean },
    placeholder: {},
    errors: { attribute: false },
  };
  static override styles = fieldStyles;

  declare label: string;
  /** Shown in a compact row: the label is for screen readers only. */
  declare compact: boolean;
  declare value: string;
  /** Masks the text (credentials). */
  declare password: boolean;
  declare placeholder: string;
  declare errors: readonly PathError[];

  constructor() {
    super();
    this.label = '';
    this.compact = false;
    this.value = '';
    this.password = false;
    this.placeholder = '';
    this.errors = [];
  }

  override render() {
    return html`
      <label for="input">${this.label}</label>
      <input id="input" part="input" type=${this.password ? 'password' : 'text'} autocomplete="off"
        .value=${live(this.value ?? '')} placeholder=${this.placeholder}
        aria-invalid=${this.errors.length > 0}
        @input=${(e: Event) => emitValue(this, (e.target as HTMLInputElement).value)} />
      ${renderErrors(this.errors)}
    `;
  }
}
customElements.define('pb-text-field', PbTextField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-text-field': PbTextField;
  }
}
