import { LitElement, html } from 'lit';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';
import { errorMessage } from '../../../../server/api/shared.ts';

/**
 * Any value the other fields cannot show, edited as JSON text. Text that does not parse is
 * kept in the field (with the parser's message) and not emitted.
 *
 * @fires value:change - `{ value }` when the text parses
 * @csspart error - the error text
 */
export class PbJsonField extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: { attribute: false },
  };
  static override styles = fieldStyles;

  declare value: unknown;
  private readonly field = new FieldController<unknown>(this);
  /** The value last emitted and the text it came from: our own change coming back down keeps the text as typed. */
  private emitted: unknown = Symbol('none');
  private lastText = '';

  constructor() {
    super();
    this.value = undefined;
  }

  override render() {
    return html`
      <pb-code-field .label=${this.label} language="json" .value=${this.text()}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.onText(e.detail.value as string)}></pb-code-field>
      ${this.field.renderErrors()}
    `;
  }

  private text(): string {
    if (this.value === this.emitted) return this.lastText;
    return this.value === undefined ? '' : JSON.stringify(this.value, null, 2);
  }

  private onText(text: string) {
    this.lastText = text;
    try {
      const value = text.trim() === '' ? undefined : JSON.parse(text);
      this.emitted = value;
      this.field.emit(value);
    } catch (err) {
      this.field.reject(errorMessage(err));
    }
  }
}
customElements.define('pb-json-field', PbJsonField);

export interface PbJsonField extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-json-field': PbJsonField;
  }
}
