import { LitElement, css, html, nothing } from 'lit';
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
    compact: { type: Boolean, reflect: true },
    caption: {},
    value: { type: Boolean },
    errors: { attribute: false },
  };
  static override styles = [fieldStyles, css`label { display: flex; gap: 6px; align-items: center; }
    :host([compact]) label { font-weight: normal; margin: 0; white-space: nowrap; }`];

  declare label: string;
  /** Shown in a compact row: `caption` is the visible text, `label` the accessible name. */
  declare compact: boolean;
  declare caption: string;
  declare value: boolean;
  declare errors: readonly PathError[];

  constructor() {
    super();
    this.label = '';
    this.compact = false;
    this.caption = '';
    this.value = false;
    this.errors = [];
  }

  override render() {
    const visible = this.compact && this.caption ? this.caption : this.label;
    return html`
      <label>
        <input part="input" type="checkbox" .checked=${live(this.value)} aria-label=${visible === this.label ? nothing : this.label}
          @change=${(e: Event) => emitValue(this, (e.target as HTMLInputElement).checked)} />
        ${visible}
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
