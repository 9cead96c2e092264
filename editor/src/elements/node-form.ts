import { LitElement, css, html, nothing } from 'lit';
import type { FlowNode, NodeTypeInfo } from '../../../server/api/contract.ts';
import { customEditorTag } from './custom-editor.ts';
import { errorsUnder, type FormContext, type NodeFormChangeDetail, type PathError } from './form-types.ts';
import { fieldStyles, renderErrors } from './field-styles.ts';
import { errorMessage } from '../../../server/api/shared.ts';

/** Properties a node type's own form element receives. */
interface CustomEditorElement extends HTMLElement {
  config: Record<string, unknown>;
  schema: Record<string, unknown>;
}

/**
 * The property form of one node: its name, its config generated from the type's schema
 * (or the type's own element when it ships one), and its credentials.
 *
 * @fires change - `{ name }` or `{ config }`: the node's new name or whole new config
 * @fires config-node:change - bubbled up from a config node created or edited in place
 * @fires config-node:delete - bubbled up from a config node deleted in place
 * @fires credentials:change - bubbled up from a credential input
 * @csspart header - the type's label above the fields
 * @csspart error - errors that belong to no single field
 */
export class PbNodeForm extends LitElement {
  static override properties = {
    node: { attribute: false },
    info: { attribute: false },
    context: { attribute: false },
    errors: { attribute: false },
    customTag: { state: true },
    loadProblem: { state: true },
  };
  static override styles = [fieldStyles, css`
    :host { margin: 0; }
    header { font-weight: 600; font-size: 14px; margin-bottom: 10px; display: flex; gap: 8px; align-items: center; }
    .swatch { width: 12px; height: 12px; border-radius: 3px; border: 1px solid #0003; }
    .unknown { background: #fff4e5; border: 1px solid #f0c36d; padding: 8px; border-radius: 4px; margin-bottom: 10px; }
    h3 { font-size: 13px; margin: 14px 0 6px; }
  `];

  declare node: FlowNode;
  declare info: NodeTypeInfo | undefined;
  declare context: FormContext;
  /** Deploy errors of this node, paths relative to it (`/config/payload`). */
  declare errors: readonly PathError[];
  declare private customTag: string;
  declare private loadProblem: string;
  private customElement: CustomEditorElement | null = null;

  constructor() {
    super();
    this.errors = [];
    this.customTag = '';
    this.loadProblem = '';
  }

  override render() {
    if (!this.node) return nothing;
    const info = this.info;
    const known = new Set(['/name', '/config']);
    const general = this.errors.filter((e) => ![...known].some((k) => e.path === k || e.path.startsWith(`${k}/`)));
    return html`
      <header part="header">
        <span class="swatch" style="background:${info?.color ?? '#ccc'}"></span>${info?.label ?? this.node.type}
      </header>
      ${renderErrors(general)}
      ${info ? nothing : html`<div class="unknown" role="note">The server does not know the node type
        <b>${this.node.type}</b>. Its settings are kept as they are; install the package that provides it.</div>`}
      <pb-text-field label="Name" .value=${this.node.name ?? ''} .placeholder=${info?.label ?? ''} .errors=${errorsUnder(this.errors, 'name')}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.emit({ name: String(e.detail.value) })}></pb-text-field>
      ${this.renderConfig(info)}
      ${info?.credentials ? html`<h3>Credentials</h3><pb-credential-fields .schema=${info.credentials} .nodeId=${this.node.id}
        .setKeys=${this.node.credentials ?? []} .pending=${this.context.credentialsOf(this.node.id)}></pb-credential-fields>` : nothing}
    `;
  }

  private renderConfig(info: NodeTypeInfo | undefined) {
    const errors = errorsUnder(this.errors, 'config');
    const onChange = (e: CustomEvent<{ value: unknown }>) => this.emit({ config: e.detail.value as Record<string, unknown> });
    if (!info) return html`<pb-json-field label="Config" .value=${this.node.config} .errors=${errors} @value:change=${onChange}></pb-json-field>`;
    if (info.editor) {
      if (this.loadProblem) return html`<div class="error" role="alert">${this.loadProblem}</div>`;
      return html`<div id="custom"></div>${renderErrors(errors)}`;
    }
    return html`<pb-object-fields .schema=${info.schema} .value=${this.node.config} .context=${this.context} .errors=${errors}
      @value:change=${onChange}></pb-object-fields>`;
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('info') && this.info?.editor) void this.loadCustomEditor(this.info as NodeTypeInfo & { editor: string });
    this.syncCustomElement();
  }

  private async loadCustomEditor(info: NodeTypeInfo & { editor: string }) {
    try {
      this.loadProblem = '';
      this.customTag = '';
      this.customTag = await customEditorTag(info);
    } catch (err) {
      this.loadProblem = `Could not load the form of ${info.label}: ${errorMessage(err)}`;
    }
  }

  /** Creates the custom element once per tag and hands it the current config. */
  private syncCustomElement() {
    const host = this.renderRoot.querySelector('#custom');
    if (!host || !this.customTag || !this.info?.editor) return;
    if (this.customElement?.localName !== this.customTag || !host.contains(this.customElement)) {
      this.customElement = document.createElement(this.customTag) as CustomEditorElement;
      this.customElement.addEventListener('change', (e) => {
        const detail = (e as CustomEvent<{ config?: Record<string, unknown> }>).detail;
        if (detail?.config) this.emit({ config: detail.config });
      });
      host.replaceChildren(this.customElement);
    }
    this.customElement.schema = this.info.schema;
    if (this.customElement.config !== this.node.config) this.customElement.config = this.node.config;
  }

  private emit(detail: NodeFormChangeDetail) {
    this.dispatchEvent(new CustomEvent<NodeFormChangeDetail>('change', { detail }));
  }
}
customElements.define('pb-node-form', PbNodeForm);

declare global {
  interface HTMLElementTagNameMap {
    'pb-node-form': PbNodeForm;
  }
}
