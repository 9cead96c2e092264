import { useLayoutEffect, useRef } from 'react';
import type { FlowNode } from '../../../../server/api/contract.ts';
import { selectEditedNode } from '../../store/selectors.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { NodeForm } from '../NodeForm/index.tsx';
import { useElement } from '../use-element.ts';
import './styles.css';

/** The property form of the selected node, with its type's help beside it; the open flow's info when none is. */
export function PropertyPanel() {
  const node = useEditorState(selectEditedNode);
  const selectedCount = useEditorState((s) => s.selectedNodes.size);
  if (!node) {
    return <>
      <p className="property-empty">{selectedCount > 1 ? `${selectedCount} nodes selected.` : 'Select a node to edit its properties.'}</p>
      {selectedCount === 0 && <FlowInfo />}
    </>;
  }
  return <NodeProperties node={node} />;
}

/** The open tab's description, rendered from its markdown. */
function FlowInfo() {
  const flow = useEditorState((s) => s.doc.flows.find((f) => f.id === s.activeFlow));
  if (!flow?.info) return null;
  return (
    <section className="property-help flow-info" aria-label="Flow info">
      <h3>About {flow.label}</h3>
      <Markdown text={flow.info} />
    </section>
  );
}

/** Markdown rendered by `<pb-help-view>`, which shows raw HTML in it as text. */
function Markdown({ text }: { text: string }) {
  const host = useElement('pb-help-view', { markdown: text }, {});
  return <div ref={host} />;
}

function NodeProperties({ node: current }: { node: FlowNode }) {
  const node = useIgnoringPosition(current);
  const actions = useActions();
  const info = useEditorState((s) => s.catalogue.get(node.type));
  // Another node's form starts at its top, not where the last one was scrolled to.
  const panel = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    panel.current?.closest('.sidebar-panel')?.scrollTo(0, 0);
  }, [node.id]);

  return (
    <div className="property-panel" ref={panel}>
      <section className="property-form" aria-label="Properties">
        <label className="property-enabled">
          <input type="checkbox" checked={!node.disabled} onChange={(e) => actions.updateNode(node.id, { disabled: !e.target.checked })} />
          Enabled
        </label>
        <NodeForm node={node} />
        <p className="property-id">id: <code>{node.id}</code></p>
      </section>
      <section className="property-help" aria-label="Help">
        <h3>Help: {info?.label ?? node.type}</h3>
        <Markdown text={info?.help ?? ''} />
      </section>
    </div>
  );
}

/**
 * The node as the form sees it: the same object while only its position changes, so dragging
 * the selected node does not re-render its form on every frame.
 */
function useIgnoringPosition(node: FlowNode): FlowNode {
  const kept = useRef(node);
  if (!sameExceptPosition(kept.current, node)) kept.current = node;
  return kept.current;
}

function sameExceptPosition(a: FlowNode, b: FlowNode): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('x');
  keys.delete('y');
  return [...keys].every((k) => a[k as keyof FlowNode] === b[k as keyof FlowNode]);
}
