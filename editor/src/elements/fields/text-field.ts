import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { compactFieldProperties, FieldController, type CompactFieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A one-line text input.
 *
 * @fires value:change - `{ value: string }` on every keystroke
 * @csspart input - the input element
 * @csspart error - the error text
 */
export class PbTextField extends LitElement {
  static override properties = {
    ...compactFieldProperties,
    value: {},
    password: { type: Boolean },
  };
  static override styles = fieldStyles;

  declare value: string;
  /** Masks the text (credentials). */
  declare password: boolean;
  private readonly field = new FieldController<string>(this);

  constructor() {
    super();
    this.value = '';
    this.password = false;
  }

  override render() {
    return html`
      <label for="input">${this.label}</label>
      <input id="input" part="input" type=${this.password ? 'password' : 'text'} autocomplete="off"
        .value=${live(this.value ?? '')} placeholder=${this.placeholder}
        aria-invalid=${this.field.invalid}
        @input=${(e: Event) => this.field.emit((e.target as HTMLInputElement).value)} />
      ${this.field.renderErrors()}
    `;
  }
}
customElements.define('pb-text-field', PbTextField);

export interface PbTextField extends CompactFieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-text-field': PbTextField;
  }
}
