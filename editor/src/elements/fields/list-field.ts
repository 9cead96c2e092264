import { LitElement, css, html } from 'lit';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import { defaultValue } from '../../graph/schema.ts';
import { errorsUnder, emitValue, type FormContext, type PathError } from '../form-types.ts';
import { fieldStyles, renderErrors } from '../field-styles.ts';
import { renderField } from '../render-field.ts';

/**
 * A list whose items share one schema: the rules of a switch or change node, a list of
 * topics. Items can be added, removed and moved; each is edited with the field for its type.
 *
 * @fires value:change - `{ value: unknown[] }`: the whole list after the change
 * @csspart item - one item's box
 * @csspart add - the add button
 * @csspart hint - the item schema's description under each item
 * @csspart error - the error text
 */
export class PbListField extends LitElement {
  static override properties = {
    label: {},
    value: { attribute: false },
    itemSchema: { attribute: false },
    context: { attribute: false },
    errors: { attribute: false },
  };
  static override styles = [fieldStyles, css`
    ol { list-style: none; margin: 0 0 6px; padding: 0; }
    li { display: flex; gap: 6px; align-items: flex-start; border: 1px solid #ddd; border-radius: 4px; padding: 6px 6px 0; margin-bottom: 6px; }
    li > :first-child { flex: 1; min-width: 0; }
    .tools { display: flex; flex-direction: column; gap: 2px; }
    .tools button { padding: 0 6px; line-height: 1.4; }
  `];

  declare label: string;
  declare value: unknown[];
  declare itemSchema: JsonSchema;
  declare context: FormContext;
  declare errors: readonly PathError[];

  constructor() {
    super();
    this.label = '';
    this.value = [];
    this.itemSchema = {};
    this.errors = [];
  }

  override render() {
    const items = this.value ?? [];
    return html`
      <span class="label">${this.label}</span>
      <ol aria-label=${this.label}>
        ${items.map((item, i) => html`<li part="item">
          ${renderField({
            label: `${i + 1}.`,
            schema: this.itemSchema,
            value: item,
            errors: errorsUnder(this.errors, i),
            context: this.context,
            onChange: (value) => this.emit(items.map((old, j) => (j === i ? value : old))),
          })}
          <span class="tools">
            <button aria-label="Move item ${i + 1} up" ?disabled=${i === 0} @click=${() => this.move(i, i - 1)}>↑</button>
            <button aria-label="Move item ${i + 1} down" ?disabled=${i === items.length - 1} @click=${() => this.move(i, i + 1)}>↓</button>
            <button aria-label="Remove item ${i + 1}" @click=${() => this.emit(items.filter((_, j) => j !== i))}>✕</button>
          </span>
        </li>`)}
      </ol>
      <button part="add" @click=${() => this.emit([...items, defaultValue(this.itemSchema)])} aria-label="Add to ${this.label}">Add item</button>
      ${renderErrors(this.errors.filter((e) => e.path === ''))}
    `;
  }

  private move(from: number, to: number) {
    const items = [...this.value];
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    this.emit(items);
  }

  private emit(items: unknown[]) {
    emitValue(this, items);
  }
}
customElements.define('pb-list-field', PbListField);

declare global {
  interface HTMLElementTagNameMap {
    'pb-list-field': PbListField;
  }
}
