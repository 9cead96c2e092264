import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { errorsUnder, type FormContext } from '../form-types.ts';
import { fieldLabel } from '../field-kind.ts';
import { withErrors, visibleProperties } from '../show-when.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';
import { renderField } from '../render-field.ts';

/**
 * The fields of an object schema, one per property, in schema order. Used for a node's
 * whole config, for nested objects, and for each item of a list of rules. A property with an
 * `x-show-when` hint is left out while its condition on a sibling does not hold (its value is
 * kept), unless it has an error.
 *
 * @fires value:change - `{ value: object }`: the whole object with the changed property
 * @csspart group - the box around nested fields (absent at the top level)
 * @csspart error - errors about the object itself
 * @csspart hint - a property's description under its field
 */
export class PbObjectFields extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: { attribute: false },
    schema: { attribute: false },
    context: { attribute: false },
  };
  static override styles = [fieldStyles, css`
    fieldset { border: 1px solid #ddd; border-radius: 4px; padding: 8px 10px 0; margin: 0; }
    legend { font-weight: 600; padding: 0 4px; }
  `];

  declare value: Record<string, unknown>;
  declare schema: JsonSchema;
  declare context: FormContext;
  private readonly field = new FieldController<Record<string, unknown>>(this);

  constructor() {
    super();
    this.value = {};
    this.schema = { type: 'object', properties: {} };
  }

  override render() {
    const shown = visibleProperties(this.schema, this.value, withErrors(this.errors));
    const fields = repeat(shown, ([key]) => key, ([key, schema]) => renderField({
      label: fieldLabel(key, schema),
      schema,
      // A missing key shows the default the server applies at deploy: what the node will really use.
      value: this.value && key in this.value ? this.value[key] : schema.default,
      errors: errorsUnder(this.errors, key),
      context: this.context,
      onChange: (value) => this.field.emit({ ...this.value, [key]: value }),
    }));
    const own = this.errors.filter((e) => e.path === '');
    if (!this.label) return html`${fields}${renderErrors(own)}`;
    return html`<fieldset part="group"><legend>${this.label}</legend>${fields}${own.length ? renderErrors(own) : nothing}</fieldset>`;
  }
}
customElements.define('pb-object-fields', PbObjectFields);

/** `label` is empty at the top level: the fields are shown without a surrounding box. */
export interface PbObjectFields extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-object-fields': PbObjectFields;
  }
}
