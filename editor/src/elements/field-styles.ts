// Styles shared by every field element, so forms look the same whichever field they hold.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PathError } from './form-types.ts';

export const fieldStyles = css`
  :host { display: block; margin: 0 0 10px; font: 13px/1.4 system-ui, sans-serif; color: var(--pb-fg, #222); }
  label, .label { display: block; font-weight: 600; margin-bottom: 3px; }
  input[type='text'], input[type='number'], input[type='password'], select, textarea {
    box-sizing: border-box; width: 100%; padding: 5px 7px; font: inherit;
    border: 1px solid var(--pb-border, #bbb); border-radius: 4px; background: var(--pb-input-bg, #fff); color: inherit;
  }
  input:focus-visible, select:focus-visible, button:focus-visible { outline: 2px solid #3b7ddd; outline-offset: 1px; }
  .row { display: flex; gap: 6px; align-items: center; }
  .row > select { width: auto; flex: none; max-width: 45%; }
  .row > input { flex: 1; }
  .hint { margin: -7px 0 10px; font-size: 12px; color: var(--pb-muted, #666); }
  .error { color: #b3261e; margin-top: 3px; font-size: 12px; }
  :host([invalid]) input, :host([invalid]) select { border-color: #b3261e; }
  button { font: inherit; padding: 3px 8px; border: 1px solid var(--pb-border, #bbb); border-radius: 4px; background: var(--pb-button, #f4f4f4); color: inherit; cursor: pointer; }
  button:hover { background: var(--pb-hover, #e8e8e8); }
  /* A field in a compact row: no margin, and its label is read by screen readers but not shown. */
  :host([compact]) { margin: 0; }
  :host([compact]) label[for], :host([compact]) .label {
    position: absolute; width: 1px; height: 1px; margin: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
`;

/** The error lines under a field, or nothing. */
export function renderErrors(errors: readonly PathError[]): TemplateResult | typeof nothing {
  if (errors.length === 0) return nothing;
  return html`<div class="error" part="error" role="alert">${errors.map((e) => html`<div>${e.message}</div>`)}</div>`;
}
