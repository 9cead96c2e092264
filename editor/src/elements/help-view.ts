import { LitElement, css, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';

/**
 * Renders a node type's markdown help.
 *
 * The markdown comes from installed node packages, which already run code on the server
 * with full rights, so their help is trusted as much as the packages themselves are; raw
 * HTML in it is still escaped so a stray tag cannot break the sidebar.
 *
 * @csspart body - the rendered help
 */
export class PbHelpView extends LitElement {
  static override properties = {
    markdown: {},
  };
  static override styles = css`
    :host { display: block; font: 13px/1.5 system-ui, sans-serif; color: var(--pb-fg, #333); }
    h1, h2, h3 { font-size: 14px; margin: 12px 0 6px; }
    code { background: var(--pb-code-bg, #f3f3f3); padding: 0 3px; border-radius: 3px; font-size: 12px; }
    pre { background: var(--pb-code-bg, #f6f8fa); padding: 8px; overflow: auto; border-radius: 4px; }
    dt { font-weight: 600; }
    dd { margin: 0 0 6px 12px; }
  `;

  declare markdown: string;

  constructor() {
    super();
    this.markdown = '';
  }

  override render() {
    const rendered = marked.parse(this.markdown || '_No help for this node._', {
      async: false,
      renderer: escapingRenderer,
    });
    return html`<div part="body">${unsafeHTML(rendered)}</div>`;
  }
}

/** A marked renderer that shows raw HTML as text instead of injecting it. */
const escapingRenderer = new marked.Renderer();
escapingRenderer.html = ({ text }) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

customElements.define('pb-help-view', PbHelpView);

declare global {
  interface HTMLElementTagNameMap {
    'pb-help-view': PbHelpView;
  }
}
