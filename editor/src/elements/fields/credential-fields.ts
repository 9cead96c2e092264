import { LitElement, css, html, nothing } from 'lit';
import type { JsonSchema } from '../../../../server/node-api/types.ts';
import type { CredentialsChangeDetail, PendingCredentials } from '../form-types.ts';
import { fieldLabel } from '../../graph/field-labels.ts';
import { schemaProperties } from '../field-kind.ts';
import { fieldStyles } from '../field-styles.ts';

/** Where one credential stands: on the server, and what the next deploy will do to it. */
type CredentialState = 'set' | 'not set' | 'changed' | 'cleared';

/**
 * Inputs for a node's credentials. Values never come back from the server, so each key
 * shows whether the server holds one ("set"); typing replaces it at the next deploy, and
 * Clear removes it. Inputs only ever show what was typed here since the last deploy.
 *
 * @fires credentials:change - `{ node, key, value }`, bubbling out of the form; `value` is
 *   the typed text, `null` to clear the stored value, or "" to leave it as it is
 * @csspart group - the box around the fields
 * @csspart state - the marker saying whether a key is set
 */
export class PbCredentialFields extends LitElement {
  static override properties = {
    schema: { attribute: false },
    nodeId: {},
    setKeys: { attribute: false },
    pending: { attribute: false },
  };
  static override styles = [fieldStyles, css`
    .credential { display: flex; gap: 6px; align-items: flex-end; }
    .credential pb-text-field { flex: 1; }
    .state { margin-bottom: 15px; font-size: 11px; padding: 1px 6px; border-radius: 8px; white-space: nowrap; background: #eee; color: #666; }
    .state.set { background: #e3f4e5; color: #1e6b2a; }
    .state.changed { background: #e6eefb; color: #214f9a; }
    .state.cleared { background: #fdecea; color: #a1271c; }
    .credential button { margin-bottom: 10px; }
  `];

  declare schema: JsonSchema;
  declare nodeId: string;
  /** Keys the server already holds a value for. */
  declare setKeys: readonly string[];
  /** Changes typed since the last deploy. */
  declare pending: PendingCredentials;

  constructor() {
    super();
    this.schema = {};
    this.nodeId = '';
    this.setKeys = [];
    this.pending = {};
  }

  override render() {
    return html`<div part="group">${schemaProperties(this.schema).map(([key, schema]) => this.renderKey(key, schema))}</div>`;
  }

  private renderKey(key: string, schema: JsonSchema) {
    const label = fieldLabel(key, schema);
    const isSet = this.setKeys.includes(key);
    const typed = this.pending[key];
    const state = stateOf(isSet, typed);
    return html`<div class="credential" role="group" aria-label="${label} credential">
      <pb-text-field .label=${label} ?password=${schema.format === 'password'} .value=${typeof typed === 'string' ? typed : ''}
        .placeholder=${state === 'set' ? 'type to replace' : state === 'cleared' ? 'cleared at the next deploy' : ''}
        @value:change=${(e: CustomEvent<{ value: unknown }>) => this.emit(key, String(e.detail.value))}></pb-text-field>
      <span class="state ${state === 'not set' ? '' : state}" part="state">${state}</span>
      ${state === 'set' || (state === 'changed' && isSet)
        ? html`<button type="button" aria-label="Clear ${label}" @click=${() => this.emit(key, null)}>Clear</button>` : nothing}
      ${state === 'cleared' ? html`<button type="button" aria-label="Keep ${label}" @click=${() => this.emit(key, '')}>Keep</button>` : nothing}
    </div>`;
  }

  private emit(key: string, value: string | null) {
    this.dispatchEvent(new CustomEvent<CredentialsChangeDetail>('credentials:change', {
      detail: { node: this.nodeId, key, value }, bubbles: true, composed: true,
    }));
  }
}

function stateOf(isSet: boolean, typed: string | null | undefined): CredentialState {
  if (typed === null) return 'cleared';
  if (typed) return 'changed';
  return isSet ? 'set' : 'not set';
}

customElements.define('pb-credential-fields', PbCredentialFields);

declare global {
  interface HTMLElementTagNameMap {
    'pb-credential-fields': PbCredentialFields;
  }
}
