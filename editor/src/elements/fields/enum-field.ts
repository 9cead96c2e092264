import { LitElement, html } from 'lit';
import { compactFieldProperties, FieldController, type CompactFieldProps } from '../field-controller.ts';
import type { EnumOption } from '../field-kind.ts';
import { fieldStyles } from '../field-styles.ts';

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
    ...compactFieldProperties,
    value: { attribute: false },
    options: { attribute: false },
  };
  static override styles = fieldStyles;

  declare value: EnumOption['value'] | undefined;
  declare options: readonly EnumOption[];
  private readonly field = new FieldController<EnumOption['value']>(this);

  constructor() {
    super();
    this.value = undefined;
    this.options = [];
  }

  override render() {
    const selected = this.options.findIndex((o) => o.value === this.value);
    return html`
      <label for="select">${this.label}</label>
      <select id="select" part="select"
        @change=${(e: Event) => this.field.emit(this.options[Number((e.target as HTMLSelectElement).value)]!.value)}>
        ${selected < 0 ? html`<option value="-1" disabled .selected=${true}>(${String(this.value ?? 'none')})</option>` : ''}
        ${this.options.map((o, i) => html`<option value=${i} .selected=${i === selected}>${o.label}</option>`)}
      </select>
      ${this.field.renderErrors()}
    `;
  }
}
customElements.define('pb-enum-field', PbEnumField);

export interface PbEnumField extends CompactFieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-enum-field': PbEnumField;
  }
}
