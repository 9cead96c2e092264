// A custom form for __NODE_TYPE__ (used instead of the generated one because the definition sets
// `editor: './form.js'`). The editor sets `config` and `schema` and listens for `change`.
import { LitElement, html } from 'lit';

export default class NodeForm extends LitElement {
  static override properties = { config: { attribute: false } };
  config: Record<string, unknown> = {};

  override render() {
    return html`
      <label>Prefix
        <input .value=${String(this.config.prefix ?? '')} @input=${(e: Event) => this.update_('prefix', (e.target as HTMLInputElement).value)}>
      </label>`;
  }

  private update_(key: string, value: unknown): void {
    this.config = { ...this.config, [key]: value };
    this.dispatchEvent(new CustomEvent('change', { detail: { config: this.config } }));
  }
}
