import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { compactFieldProperties, FieldController, type CompactFieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/** A Node-RED style typed input value: how to read `value` is given by `type`. */
export interface TypedValue {
  type: string;
  value: string;
}

/** What each type is called in the type picker. */
const TYPE_LABELS: Record<string, string> = {
  str: 'string', num: 'number', bool: 'boolean', json: 'JSON', date: 'timestamp', bin: 'buffer',
  msg: 'msg.', flow: 'flow.', global: 'global.', env: 'env variable', jsonata: 'JSONata',
};

/** A timestamp's formats (Node-RED's): the value of a `date` typed value. */
const DATE_FORMATS = [['', 'milliseconds since 1970'], ['iso', 'ISO 8601 string'], ['object', 'Date object']] as const;

/**
 * A typed value `{ type, value }`: a type picker restricted to the schema's
 * `x-typed-value` list, and a value input suited to the type (a format for a timestamp,
 * true/false for a boolean).
 *
 * @fires value:change - `{ value: { type, value } }` when either part changes
 * @csspart type - the type select
 * @csspart input - the value input
 * @csspart error - the error text
 */
export class PbTypedValueField extends LitElement {
  static override properties = {
    ...compactFieldProperties,
    value: { attribute: false },
    types: { attribute: false },
  };
  static override styles = fieldStyles;

  declare value: TypedValue | undefined;
  declare types: readonly string[];
  private readonly field = new FieldController<TypedValue>(this);

  constructor() {
    super();
    this.value = undefined;
    this.types = [];
  }

  override render() {
    const current = this.value ?? { type: this.types[0] ?? 'str', value: '' };
    return html`
      <label for="value">${this.label}</label>
      <div class="row">
        <select part="type" aria-label="${this.label} type"
          @change=${(e: Event) => this.emit({ type: (e.target as HTMLSelectElement).value, value: this.valueForType((e.target as HTMLSelectElement).value, current.value) })}>
          ${this.types.map((t) => html`<option value=${t} .selected=${t === current.type}>${TYPE_LABELS[t] ?? t}</option>`)}
        </select>
        ${this.renderValueInput(current)}
      </div>
      ${this.field.renderErrors()}
    `;
  }

  private renderValueInput(current: TypedValue) {
    if (current.type === 'date') {
      return html`<select id="value" part="input" aria-label="${this.label} format"
        @change=${(e: Event) => this.emit({ type: 'date', value: (e.target as HTMLSelectElement).value })}>
        ${DATE_FORMATS.map(([format, label]) => html`<option value=${format} .selected=${format === current.value}>${label}</option>`)}
      </select>`;
    }
    if (current.type === 'bool') {
      const truth = current.value !== 'false';
      return html`<select id="value" part="input" aria-label=${this.label}
        @change=${(e: Event) => this.emit({ type: 'bool', value: (e.target as HTMLSelectElement).value })}>
        <option value="true" .selected=${truth}>true</option><option value="false" .selected=${!truth}>false</option>
      </select>`;
    }
    return html`<input id="value" part="input" type="text" aria-label=${this.label} autocomplete="off" spellcheck="false"
      placeholder=${this.placeholder} .value=${live(current.value)} aria-invalid=${this.field.invalid}
      @input=${(e: Event) => this.emit({ type: current.type, value: (e.target as HTMLInputElement).value })} />`;
  }

  /** A boolean starts as "true" rather than an empty string, which would read as false. */
  private valueForType(type: string, value: string): string {
    if (type === 'bool') return value === 'false' ? 'false' : 'true';
    if (type === 'date') return DATE_FORMATS.some(([format]) => format === value) ? value : '';
    return value;
  }

  private emit(next: TypedValue) {
    this.field.emit(next);
  }
}
customElements.define('pb-typed-value-field', PbTypedValueField);

export interface PbTypedValueField extends CompactFieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-typed-value-field': PbTypedValueField;
  }
}
