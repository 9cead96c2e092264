import { LitElement, html } from 'lit';
import { emitValue, type PathError } from '../form-types.ts';
import type { EnumOption } from '../field-kind.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';

/**
 * A choice from a fixed list. Emits the option's own value (number, boolean or string),
 * not the text of the `<option>`.
 *
 * @fires value:change - `{ value }` when another option is picked
 * @csspart select - the select element
 * @csspart error - the error text
 */
export class PbEnumField extends LitElement {
  static override properties = {
    label: {},
    compact: { type: Boolean, reflect: true },
    value: { attribute: false },
    options: { attribute: false },
    errors: { attribute: false },
  };
  static override styles = fieldStyles;

  declare label: string;
  /** Shown in a compact row: the label is for screen readers only. */
  declare compact: boolean;
  declare value: EnumOption['value'] | undefined;
  declare options: readonly EnumOption[];
  declare errors: readonly PathError[];

  constructor() {
    super();
    this.label = '';
    this.compact = false;
    this.value = undefined;
    this.options = [];
    this.errors = [];
  }

  override render() {
    const selected = this.options.findIndex((o) => o.value === this.value);
    return html`
      <label for="select">${this.label}</label>
      <select id="select" part="select"
        @change=${(e: Event) => emitValue(this, this.options[Number((e.target as HTMLSelectElement).value)]!.value)}>
        ${selected < 0 ? html`<option value="-1" disabled .selected=${true}>(${String(this.value ?? 'none')})</option>` : ''}
        ${this.options.map((o, i) => html`<option value=${i} .selected=${i === selected}>${o.label}</option>`)}
      </select>
      ${renderErrors(this.errors)}
    `;
  }
}
customElements.define('pb-enum-field', PbEnumField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-enum-field': PbEnumField;
  }
}
