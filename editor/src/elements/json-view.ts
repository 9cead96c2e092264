import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { EncodedSpecial } from '../../../server/api/contract.ts';

/** Children shown before a "show more" button: a 10 000-item array must not freeze the sidebar. */
const PAGE = 100;

/**
 * A collapsible view of a debug value. Values JSON cannot carry arrive as `EncodedSpecial`
 * objects (`{ __pb: 'buffer', ... }`) and are shown as what they stand for: `undefined`,
 * `NaN`, a Date, a Buffer with its bytes, an Error, a circular reference.
 *
 * @csspart tree - the outermost element
 */
export class PbJsonView extends LitElement {
  static override properties = {
    value: { attribute: false },
    open: { type: Number },
  };
  static override styles = css`
    :host { display: block; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; color: #222; }
    details { margin-left: 0; }
    details details, .leaf { margin-left: 14px; }
    summary { cursor: pointer; list-style: none; }
    summary::before { content: '▸'; display: inline-block; width: 12px; color: #888; }
    details[open] > summary::before { content: '▾'; }
    .key { color: #7a3e9d; }
    .string { color: #1a7f37; white-space: pre-wrap; word-break: break-all; }
    .number, .bigint { color: #0550ae; }
    .boolean, .null, .undefined { color: #8250df; }
    .special { color: #9a6700; }
    .meta { color: #888; }
    button { font: inherit; border: none; background: none; color: #0550ae; cursor: pointer; padding: 0; }
  `;

  declare value: unknown;
  /** How many levels start expanded. */
  declare open: number;

  constructor() {
    super();
    this.open = 1;
  }

  override render() {
    return html`<div part="tree">${this.renderNode(undefined, this.value, 0)}</div>`;
  }

  private renderNode(key: string | undefined, value: unknown, depth: number): TemplateResult {
    const label = key === undefined ? nothing : html`<span class="key">${key}</span>: `;
    const special = asSpecial(value);
    if (special) return html`<div class="leaf">${label}${this.special(special, depth)}</div>`;
    if (value === null || typeof value !== 'object') return html`<div class="leaf">${label}${scalar(value)}</div>`;
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = Array.isArray(value) ? `array[${value.length}]` : `object {${entries.length}}`;
    return html`<details ?open=${depth < this.open}>
      <summary>${label}<span class="meta">${summary}</span></summary>
      ${this.renderChildren(entries, depth)}
    </details>`;
  }

  private renderChildren(entries: Array<[string, unknown]>, depth: number) {
    const shown = entries.slice(0, PAGE);
    const rest = entries.length - shown.length;
    return html`${shown.map(([k, v]) => this.renderNode(k, v, depth + 1))}
      ${rest > 0 ? html`<div class="leaf meta">… ${rest} more</div>` : nothing}`;
  }

  private special(value: EncodedSpecial, depth: number): TemplateResult {
    switch (value.__pb) {
      case 'undefined': return html`<span class="undefined">undefined</span>`;
      case 'number': return html`<span class="number">${value.value}</span>`;
      case 'bigint': return html`<span class="bigint">${value.value}n</span>`;
      case 'date': return html`<span class="special">Date ${value.value}</span>`;
      case 'function': return html`<span class="special">[function ${value.name || '(anonymous)'}]</span>`;
      case 'error': return html`<span class="special">${value.name}: ${value.message}</span>`;
      case 'circular': return html`<span class="special">[circular]</span>`;
      case 'truncated': return html`<span class="special">[truncated: ${value.length} characters]</span>`;
      case 'buffer': return this.buffer(value, depth);
    }
  }

  private buffer(value: Extract<EncodedSpecial, { __pb: 'buffer' }>, depth: number) {
    const bytes = value.hex.match(/../g) ?? [];
    const cut = value.length > bytes.length ? html` <span class="meta">(first ${bytes.length} shown)</span>` : nothing;
    return html`<details ?open=${depth < this.open} style="display:inline-block;vertical-align:top">
      <summary><span class="special">buffer[${value.length}]</span></summary>
      <div class="leaf">${bytes.join(' ')}${cut}</div>
    </details>`;
  }
}

function scalar(value: unknown): TemplateResult {
  if (typeof value === 'string') return html`<span class="string">"${value}"</span>`;
  if (value === null) return html`<span class="null">null</span>`;
  return html`<span class=${typeof value}>${String(value)}</span>`;
}

const SPECIAL_KINDS = new Set(['undefined', 'number', 'bigint', 'date', 'buffer', 'function', 'error', 'circular', 'truncated']);

/** The value as an encoded special, if it is one. */
export function asSpecial(value: unknown): EncodedSpecial | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const kind = (value as { __pb?: unknown }).__pb;
  return typeof kind === 'string' && SPECIAL_KINDS.has(kind) ? (value as EncodedSpecial) : null;
}

customElements.define('pb-json-view', PbJsonView);

declare global {
  interface HTMLElementTagNameMap {
    'pb-json-view': PbJsonView;
  }
}
