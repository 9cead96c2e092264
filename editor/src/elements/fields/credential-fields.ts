import { LitElement, html } from 'lit';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import type { CredentialsChangeDetail } from '../form-types.ts';
import { fieldLabel, schemaProperties } from '../field-kind.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * Inputs for a node's credentials. Values never come back from the server, so a set
 * credential shows as a placeholder; typing replaces it at the next deploy.
 *
 * @fires credentials:change - `{ node, key, value }`, bubbling out of the form
 * @csspart group - the box around the fields
 */
export class PbCredentialFields extends LitElement {
  static override properties = {
    schema: { attribute: false },
    nodeId: {},
    setKeys: { attribute: false },
  };
  static override styles = fieldStyles;

  declare schema: JsonSchema;
  declare nodeId: string;
  /** Keys the server already holds a value for. */
  declare setKeys: readonly string[];

  constructor() {
    super();
    this.schema = {};
    this.nodeId = '';
    this.setKeys = [];
  }

  override render() {
    return html`<div part="group">${schemaProperties(this.schema).map(([key, schema]) => html`
      <pb-text-field .label=${fieldLabel(key, schema)} ?password=${schema.format === 'password'}
        .placeholder=${this.setKeys.includes(key) ? '(set: type to replace)' : ''}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.emit(key, String(e.detail.value))}></pb-text-field>`)}
    </div>`;
  }

  private emit(key: string, value: string) {
    this.dispatchEvent(new CustomEvent<CredentialsChangeDetail>('credentials:change', {
      detail: { node: this.nodeId, key, value }, bubbles: true, composed: true,
    }));
  }
}
customElements.define('pb-credential-fields', PbCredentialFields);

declare global {
  interface HTMLElementTagNameMap {
    'pb-credential-fields': PbCredentialFields;
  }
}
