import { LitElement, css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { compactFieldProperties, FieldController, type CompactFieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A checkbox. In a compact row the visible text is `placeholder` (the field's short name)
 * and `label` stays its accessible name.
 *
 * @fires value:change - `{ value: boolean }` when toggled
 * @csspart input - the checkbox
 * @csspart error - the error text
 */
export class PbBooleanField extends LitElement {
  static override properties = {
    ...compactFieldProperties,
    value: { type: Boolean },
  };
  static override styles = [fieldStyles, css`label { display: flex; gap: 6px; align-items: center; }
    :host([compact]) label { font-weight: normal; margin: 0; white-space: nowrap; }`];

  declare value: boolean;
  private readonly field = new FieldController<boolean>(this);

  constructor() {
    super();
    this.value = false;
  }

  override render() {
    const visible = this.compact && this.placeholder ? this.placeholder : this.label;
    return html`
      <label>
        <input part="input" type="checkbox" .checked=${live(this.value)} aria-label=${visible === this.label ? nothing : this.label}
          @change=${(e: Event) => this.field.emit((e.target as HTMLInputElement).checked)} />
        ${visible}
      </label>
      ${this.field.renderErrors()}
    `;
  }
}
customElements.define('pb-boolean-field', PbBooleanField);

export interface PbBooleanField extends CompactFieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-boolean-field': PbBooleanField;
  }
}
