import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import { defaultValue } from '../../graph/schema.ts';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { errorsUnder, type FormContext } from '../form-types.ts';
import { fieldLabel, isRowObject } from '../field-kind.ts';
import { visibleProperties, withErrors } from '../show-when.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';
import { renderField } from '../render-field.ts';

/**
 * A list whose items share one schema: the rules of a switch or change node, a list of
 * topics. Items can be added, removed and moved; each is edited with the field for its type.
 *
 * Items that are small objects (only choices, one-line texts, numbers, checkboxes and typed
 * values: see `isRowObject`) are shown as one compact row each, as in Node-RED: the fields
 * side by side, wrapping on a narrow sidebar, the labels hidden but kept as each input's
 * accessible name ("2. Value"), the short field name as placeholder and the description as
 * a tooltip. Other items get the full stacked field. In both, a field whose `x-show-when`
 * condition does not hold for its item (switch's "Second value" unless the test is btwn or
 * index) is left out, its value kept.
 *
 * @fires value:change - `{ value: unknown[] }`: the whole list after the change
 * @csspart item - one item's box
 * @csspart row - the fields of a compact item, side by side
 * @csspart add - the add button
 * @csspart hint - the item schema's description under each stacked item
 * @csspart error - the error text
 */
export class PbListField extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: { attribute: false },
    itemSchema: { attribute: false },
    context: { attribute: false },
  };
  static override styles = [fieldStyles, css`
    ol { list-style: none; margin: 0 0 6px; padding: 0; }
    li { display: flex; gap: 6px; align-items: flex-start; border: 1px solid #ddd; border-radius: 4px; padding: 6px 6px 0; margin-bottom: 6px; }
    li > :first-child { flex: 1; min-width: 0; }
    .tools { display: flex; flex-direction: column; gap: 2px; }
    .tools button { padding: 0 6px; line-height: 1.4; }
    li.compact { padding: 4px 6px; gap: 4px 6px; flex-wrap: wrap; }
    /* The buttons stay at the end of the first line when the fields wrap. */
    li.compact .tools { flex-direction: row; margin-top: 4px; }
    .fields { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; }
    /* One basis for all, so a wrapped row makes even columns; a typed value takes two. */
    .fields > * { flex: 1 1 8em; min-width: 0; }
    .fields > pb-typed-value-field { flex: 2 1 14em; }
    .fields > pb-boolean-field { flex: 0 1 auto; }
    li.compact > .error { flex-basis: 100%; margin: 0; }
  `];

  declare value: unknown[];
  declare itemSchema: JsonSchema;
  declare context: FormContext;
  private readonly field = new FieldController<unknown[]>(this);

  constructor() {
    super();
    this.value = [];
    this.itemSchema = {};
  }

  override render() {
    const items = this.value ?? [];
    const compact = isRowObject(this.itemSchema);
    return html`
      <span class="label">${this.label}</span>
      <ol aria-label=${this.label}>
        ${items.map((item, i) => html`<li part="item" class=${compact ? 'compact' : ''}>
          ${compact ? this.renderRow(item, i) : renderField({
            label: `${i + 1}.`,
            schema: this.itemSchema,
            value: item,
            errors: errorsUnder(this.errors, i),
            context: this.context,
            onChange: (value) => this.emit(items.map((old, j) => (j === i ? value : old))),
          })}
          ${this.renderTools(i, items.length)}
          ${compact ? renderErrors(errorsUnder(this.errors, i).filter((e) => e.path === '')) : nothing}
        </li>`)}
      </ol>
      <button part="add" @click=${() => this.emit([...items, defaultValue(this.itemSchema)])} aria-label="Add to ${this.label}">Add item</button>
      ${renderErrors(this.errors.filter((e) => e.path === ''))}
    `;
  }

  /** One item as a row of compact fields, named "1." for screen readers like a stacked item's box. */
  private renderRow(item: unknown, i: number) {
    const value = (item ?? {}) as Record<string, unknown>;
    const errors = errorsUnder(this.errors, i);
    return html`<div class="fields" part="row" role="group" aria-label="${i + 1}.">
      ${repeat(visibleProperties(this.itemSchema, value, withErrors(errors)), ([key]) => key, ([key, schema]) => {
        const caption = fieldLabel(key, schema);
        return renderField({
          label: `${i + 1}. ${caption}`,
          compact: { caption },
          schema,
          // A missing key shows the default the server applies at deploy, as in a stacked item.
          value: key in value ? value[key] : schema.default,
          errors: errorsUnder(errors, key),
          context: this.context,
          onChange: (next) => this.emit(this.value.map((old, j) => (j === i ? { ...(old as Record<string, unknown>), [key]: next } : old))),
        });
      })}
    </div>`;
  }

  private renderTools(i: number, count: number) {
    return html`<span class="tools">
      <button aria-label="Move item ${i + 1} up" ?disabled=${i === 0} @click=${() => this.move(i, i - 1)}>↑</button>
      <button aria-label="Move item ${i + 1} down" ?disabled=${i === count - 1} @click=${() => this.move(i, i + 1)}>↓</button>
      <button aria-label="Remove item ${i + 1}" @click=${() => this.emit(this.value.filter((_, j) => j !== i))}>✕</button>
    </span>`;
  }

  private move(from: number, to: number) {
    const items = [...this.value];
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    this.emit(items);
  }

  private emit(items: unknown[]) {
    this.field.emit(items);
  }
}
customElements.define('pb-list-field', PbListField);

export interface PbListField extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-list-field': PbListField;
  }
}
