// Loads a node type's own form element (NodeTypeInfo.editor). The module's default export
// is the element class; if the module defined it itself, that tag is reused, otherwise
// the class is registered as `pb-editor-<type>`. The element gets `config` and `schema`
// properties and fires `change` events with `detail.config`.
import type { NodeTypeInfo } from '../../../server/api/contract.ts';

const loaded = new Map<string, Promise<string>>();

/** The tag name of a node type's custom form element, loading its module once. */
export function customEditorTag(info: NodeTypeInfo & { editor: string }): Promise<string> {
  let tag = loaded.get(info.editor);
  if (!tag) {
    tag = loadTag(info);
    loaded.set(info.editor, tag);
    // A failed load may be a passing network problem: the next selection tries again.
    tag.catch(() => loaded.delete(info.editor));
  }
  return tag;
}

async function loadTag(info: NodeTypeInfo & { editor: string }): Promise<string> {
  const module = (await import(/* @vite-ignore */ info.editor)) as { default?: unknown };
  const element = module.default;
  if (typeof element !== 'function' || !(element.prototype instanceof HTMLElement)) {
    throw new Error(`The editor module of ${info.type} must default-export its custom element class`);
  }
  const existing = customElements.getName(element as CustomElementConstructor);
  if (existing) return existing;
  const tag = `pb-editor-${info.type.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  if (!customElements.get(tag)) customElements.define(tag, element as CustomElementConstructor);
  return tag;
}
