import { LitElement, css, html, nothing } from 'lit';
import type { FlowNode, NodeTypeInfo } from '../../../../server/api/contract.ts';
import { describeConfigNode } from '../../graph/config-nodes.ts';
import { createNode } from '../../graph/node-edits.ts';
import { FieldController, fieldProperties, type FieldProps } from '../field-controller.ts';
import { errorsUnder, type ConfigNodeChangeDetail, type ConfigNodeDeleteDetail, type FormContext } from '../form-types.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A reference to a config node (e.g. the MQTT broker a node uses): pick one of the
 * existing ones, or create or edit one in place without leaving the form.
 *
 * @fires value:change - `{ value: string }`: the id of the chosen config node ("" for none)
 * @fires config-node:change - `{ node, created }`, bubbling: a config node was created or edited here
 * @fires config-node:delete - `{ id }`, bubbling: the person deleted the chosen config node
 * @csspart select - the select element
 * @csspart inplace - the box with the config node's own fields
 * @csspart error - the error text
 */
export class PbConfigNodeField extends LitElement {
  static override properties = {
    ...fieldProperties,
    value: {},
    configType: {},
    context: { attribute: false },
    editing: { state: true },
  };
  static override styles = [fieldStyles, css`
    .row > select { flex: 1; max-width: none; }
    .inplace { border: 1px solid #c9d6ea; background: #f5f8fc; border-radius: 4px; padding: 8px 10px; margin-top: 6px; }
    .inplace h4 { margin: 0 0 8px; font-size: 13px; }
    .danger { color: #b3261e; margin-left: 6px; }
  `];

  declare value: string;
  /** The config node type, from the schema's `x-config-node`. */
  declare configType: string;
  declare context: FormContext;
  declare private editing: boolean;
  private readonly field = new FieldController<string>(this);
  /** The id of the config node just created here: it opens for editing once the form selects it. */
  private createdId = '';

  constructor() {
    super();
    this.value = '';
    this.configType = '';
    this.editing = false;
  }

  override willUpdate(changed: Map<string, unknown>) {
    // Another config node chosen (here or from outside): close the in-place editor of the old one.
    if (changed.has('value') && changed.get('value') !== undefined && this.value !== this.createdId) this.editing = false;
  }

  override render() {
    const info = this.context?.catalogue.get(this.configType);
    const candidates = (this.context?.configNodes ?? []).filter((n) => n.type === this.configType);
    const chosen = candidates.find((n) => n.id === this.value);
    const typeLabel = info?.label ?? this.configType;
    return html`
      <label for="select">${this.label}</label>
      <div class="row">
        <select id="select" part="select"
          @change=${(e: Event) => this.field.emit((e.target as HTMLSelectElement).value)}>
          <option value="" .selected=${!this.value}>(none)</option>
          ${this.value && !chosen ? html`<option value=${this.value} disabled .selected=${true}>missing: ${this.value}</option>` : nothing}
          ${candidates.map((n) => html`<option value=${n.id} .selected=${n.id === this.value}>${describeConfigNode(n)}</option>`)}
        </select>
        <button aria-label="Edit ${typeLabel}" ?disabled=${!chosen} aria-expanded=${this.editing}
          @click=${() => { this.editing = !this.editing; }}>Edit</button>
        <button aria-label="Add new ${typeLabel}" ?disabled=${!info} @click=${() => this.create(info!)}>New</button>
      </div>
      ${this.editing && chosen && info ? this.renderInPlace(chosen, info) : nothing}
      ${this.field.renderErrors()}
    `;
  }

  private renderInPlace(node: FlowNode, info: NodeTypeInfo) {
    return html`<div class="inplace" part="inplace" role="group" aria-label="${info.label} settings">
      <h4>${info.label}</h4>
      <pb-text-field label="Name" .value=${node.name ?? ''}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.save({ ...node, name: String(e.detail.value) }, false)}></pb-text-field>
      <pb-object-fields .schema=${info.schema} .value=${node.config} .context=${this.context} .errors=${errorsUnder(this.context.errorsOf(node.id), 'config')}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.save({ ...node, config: e.detail.value as Record<string, unknown> }, false)}></pb-object-fields>
      ${info.credentials ? html`<pb-credential-fields .schema=${info.credentials} .nodeId=${node.id} .setKeys=${node.credentials ?? []}
        .pending=${this.context.credentialsOf(node.id)}></pb-credential-fields>` : nothing}
      <button @click=${() => { this.editing = false; }}>Done</button>
      <button class="danger" @click=${() => this.deleteConfigNode(node)}>Delete ${info.label}</button>
    </div>`;
  }

  private deleteConfigNode(node: FlowNode) {
    this.editing = false;
    this.dispatchEvent(new CustomEvent<ConfigNodeDeleteDetail>('config-node:delete', { detail: { id: node.id }, bubbles: true, composed: true }));
  }

  private create(info: NodeTypeInfo) {
    const node = createNode(info, this.context.newId(), '', { x: 0, y: 0 });
    this.createdId = node.id;
    this.save(node, true);
    this.field.emit(node.id);
    this.editing = true;
  }

  private save(node: FlowNode, created: boolean) {
    this.dispatchEvent(new CustomEvent<ConfigNodeChangeDetail>('config-node:change', {
      detail: { node, created }, bubbles: true, composed: true,
    }));
  }
}

customElements.define('pb-config-node-field', PbConfigNodeField);

export interface PbConfigNodeField extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-config-node-field': PbConfigNodeField;
  }
}
