import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { EncodedSpecial } from '../../../server/api/contract.ts';

/** Children shown before a "show more" button: a 10 000-item array must not freeze the sidebar. */
const PAGE = 100;
/** Characters of a string shown until the person asks for the rest. */
const STRING_HEAD = 300;

/**
 * A collapsible view of a debug value. Values JSON cannot carry arrive as `EncodedSpecial`
 * objects (`{ __pb: 'buffer', ... }`) and are shown as what they stand for: `undefined`,
 * `NaN`, a Date, a Buffer with its bytes, an Error, a circular reference. Each property has
 * buttons (shown on hover or keyboard focus) that copy its path (`payload.temp`, from `root`)
 * or its value as JSON.
 *
 * @csspart tree - the outermost element
 */
export class PbJsonView extends LitElement {
  static override properties = {
    value: { attribute: false },
    open: { type: Number },
    root: {},
    copied: { state: true },
  };
  static override styles = css`
    :host { display: block; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--pb-fg, #222); }
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
    button.more { margin: 0 2px; text-decoration: underline dotted; }
    .copy { display: inline-flex; gap: 4px; margin-right: 4px; opacity: 0; }
    .leaf:hover > .copy, summary:hover > .copy, .copy:focus-within { opacity: 1; }
    .copy button { font-size: 10px; color: var(--pb-muted, #888); border: 1px solid var(--pb-border, #ccc); border-radius: 3px; padding: 0 3px; }
  `;

  declare value: unknown;
  /** How many levels start expanded. */
  declare open: number;
  /** The property path of the value itself ("payload"; "" for a whole message): copied paths start with it. */
  declare root: string;
  /** The path just copied, shown as such for a moment. */
  declare private copied: string;
  /**
   * Branches the person opened or closed, and long strings they expanded, by path. Closed
   * branches are not rendered at all: a deep message would otherwise put tens of thousands
   * of hidden elements into the sidebar.
   */
  private toggled = new Map<string, boolean>();

  constructor() {
    super();
    this.open = 1;
    this.root = '';
    this.copied = '';
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('value')) this.toggled.clear();
  }

  override render() {
    return html`<div part="tree">${this.renderNode(undefined, this.value, 0, '', this.root)}</div>`;
  }

  private isOpen(path: string, depth: number): boolean {
    return this.toggled.get(path) ?? depth < this.open;
  }

  /** Follows a `<details>` the person opened or closed, rendering its children on first open. */
  private onToggle(path: string, depth: number) {
    return (e: Event) => {
      const open = (e.target as HTMLDetailsElement).open;
      if (open === this.isOpen(path, depth)) return;
      this.toggled.set(path, open);
      this.requestUpdate();
    };
  }

  private renderNode(key: string | undefined, value: unknown, depth: number, path: string, property: string): TemplateResult {
    const label = key === undefined ? nothing : html`<span class="key">${key}</span>: ${this.copyButtons(property, value)}`;
    const special = asSpecial(value);
    if (special) return html`<div class="leaf">${label}${this.special(special, depth, path, property)}</div>`;
    if (typeof value === 'string') return html`<div class="leaf">${label}${this.string(value, path)}</div>`;
    if (value === null || typeof value !== 'object') return html`<div class="leaf">${label}${scalar(value)}</div>`;
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = Array.isArray(value) ? `array[${arrayLength(value)}]` : `object {${entries.length}}`;
    const open = this.isOpen(path, depth);
    return html`<details ?open=${open} @toggle=${this.onToggle(path, depth)}>
      <summary>${label}<span class="meta">${summary}</span></summary>
      ${open ? this.renderChildren(entries, depth, path, property, Array.isArray(value)) : nothing}
    </details>`;
  }

  private renderChildren(entries: Array<[string, unknown]>, depth: number, path: string, property: string, isArray: boolean) {
    const shown = entries.slice(0, PAGE);
    const rest = entries.length - shown.length;
    return html`${shown.map(([k, v]) => this.renderNode(k, v, depth + 1, `${path}/${encodeURIComponent(k)}`, childPath(property, k, isArray)))}
      ${rest > 0 ? html`<div class="leaf meta">… ${rest} more</div>` : nothing}`;
  }

  /** Buttons (shown on hover or focus) that copy a property's path, as a change node wants it, or its value as JSON. */
  private copyButtons(property: string, value: unknown) {
    const copy = (what: string, text: string) => () => {
      void navigator.clipboard.writeText(text).then(() => {
        this.copied = `${what}:${property}`;
        setTimeout(() => { if (this.copied === `${what}:${property}`) this.copied = ''; }, COPIED_MS);
      });
    };
    const done = (what: string) => this.copied === `${what}:${property}`;
    return html`<span class="copy"><button @click=${copy('path', property)} aria-label="Copy path ${property}" title="Copy the path: ${property}">${done('path') ? 'copied' : 'path'}</button
      ><button @click=${copy('value', JSON.stringify(value, null, 2) ?? 'undefined')} aria-label="Copy value of ${property}" title="Copy the value as JSON">${done('value') ? 'copied' : 'value'}</button></span>`;
  }

  /** A string; a long one shows its start and a button for the rest, so one message can't fill the sidebar. */
  private string(value: string, path: string): TemplateResult {
    if (value.length <= STRING_HEAD || this.toggled.get(path)) return scalar(value);
    const expand = () => {
      this.toggled.set(path, true);
      this.requestUpdate();
    };
    return html`<span class="string">"${value.slice(0, STRING_HEAD)}</span><button class="more" @click=${expand}
      aria-label="Show all ${value.length} characters">… ${value.length - STRING_HEAD} more characters</button><span class="string">"</span>`;
  }

  private special(value: EncodedSpecial, depth: number, path: string, property: string): TemplateResult {
    switch (value.__pb) {
      case 'undefined': return html`<span class="undefined">undefined</span>`;
      case 'number': return html`<span class="number">${value.value}</span>`;
      case 'bigint': return html`<span class="bigint">${value.value}n</span>`;
      case 'date': return html`<span class="special">Date ${value.value}</span>`;
      case 'function': return html`<span class="special">[function ${value.name || '(anonymous)'}]</span>`;
      case 'error': return html`<span class="special">${value.name}: ${value.message}</span>`;
      case 'circular': return html`<span class="special">[circular]</span>`;
      case 'string': return html`${this.string(value.head, path)} <span class="meta">(first ${value.head.length} of ${value.length} characters)</span>`;
      case 'truncated': return html`<span class="special">[${value.length} items in all]</span>`;
      case 'buffer': return this.buffer(value, depth, path);
      case 'regexp': return html`<span class="special">${value.value}</span>`;
      case 'map': return this.collection(`Map(${value.size})`, value.entries.map(([k, v], i) => [`${i}`, { key: k, value: v }]), depth, path, property);
      case 'set': return this.collection(`Set(${value.size})`, value.values.map((v, i) => [`${i}`, v]), depth, path, property);
      case 'typedarray': return this.collection(`${value.kind}[${value.length}]`, value.values.map((v, i) => [`${i}`, v]), depth, path, property);
    }
  }

  /** A Map, Set or typed array: its kind and size, opening onto its entries. */
  private collection(summary: string, entries: Array<[string, unknown]>, depth: number, path: string, property: string): TemplateResult {
    const open = this.isOpen(path, depth);
    return html`<details class="inline" ?open=${open} @toggle=${this.onToggle(path, depth)}>
      <summary><span class="special">${summary}</span></summary>
      ${open ? this.renderChildren(entries, depth, path, property, true) : nothing}
    </details>`;
  }

  private buffer(value: Extract<EncodedSpecial, { __pb: 'buffer' }>, depth: number, path: string) {
    const open = this.isOpen(path, depth);
    const bytes = open ? value.hex.match(/../g) ?? [] : [];
    const cut = value.length > bytes.length ? html` <span class="meta">(first ${bytes.length} shown)</span>` : nothing;
    return html`<details ?open=${open} @toggle=${this.onToggle(path, depth)} style="display:inline-block;vertical-align:top">
      <summary><span class="special">buffer[${value.length}]</span></summary>
      ${open ? html`<div class="leaf">${bytes.join(' ')}${cut}</div>` : nothing}
    </details>`;
  }
}

/** How long a copy button says "copied". */
const COPIED_MS = 1500;

/** The path of a child property: `payload.temp`, `items[2]`, `headers["content-type"]`. */
function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** The length of the array as sent: a cut one ends with a marker holding its whole length. */
function arrayLength(items: unknown[]): number {
  const last = asSpecial(items.at(-1));
  return last?.__pb === 'truncated' ? last.length : items.length;
}

function scalar(value: unknown): TemplateResult {
  if (typeof value === 'string') return html`<span class="string">"${value}"</span>`;
  if (value === null) return html`<span class="null">null</span>`;
  return html`<span class=${typeof value}>${String(value)}</span>`;
}

const SPECIAL_KINDS = new Set(['undefined', 'number', 'bigint', 'date', 'buffer', 'function', 'error', 'circular', 'string', 'truncated']);

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
