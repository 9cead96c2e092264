import { memo, useState } from 'react';
import { startNodeDrag } from '../../canvas/drag-data.ts';
import { payloadPreview, payloadText, sortedChildren, type TopicNode } from '../../broker/topic-tree.ts';
import './styles.css';

export interface TopicTreeProps {
  tree: TopicNode;
  /** Node type a topic dragged onto the canvas becomes (mqtt-in), if the server has it. */
  dropType: string | null;
  onPick(topic: string): void;
}

/** Topics as a tree with each one's last value and retained flag; drag one onto the canvas for an mqtt-in node. */
export function TopicTree({ tree, dropType, onPick }: TopicTreeProps) {
  if (tree.children.size === 0) return <p className="topic-empty">No messages yet on this filter.</p>;
  return (
    <ul className="topic-tree" role="tree" aria-label="Topics">
      {sortedChildren(tree).map((child) => <TopicItem key={child.name} node={child} dropType={dropType} onPick={onPick} />)}
    </ul>
  );
}

const TopicItem = memo(function TopicItem({ node, dropType, onPick }: { node: TopicNode; dropType: string | null; onPick(topic: string): void }) {
  const [open, setOpen] = useState(true);
  const [showPayload, setShowPayload] = useState(false);
  const hasChildren = node.children.size > 0;
  const message = node.message;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-label={node.topic}>
      <div className="topic-row" draggable={dropType !== null}
        onDragStart={(e) => dropType && startNodeDrag(e, { type: dropType, config: { topic: node.topic } })}>
        {hasChildren
          ? <button type="button" className="topic-toggle" aria-label={open ? `Collapse ${node.topic}` : `Expand ${node.topic}`} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
          : <span className="topic-toggle" />}
        <button type="button" className="topic-name" onClick={() => onPick(node.topic)} title="Use this topic to publish">{node.name || '(empty)'}</button>
        {message?.retain && <span className="topic-retained" title="Retained">R</span>}
        {message && (
          <button type="button" className="topic-value" aria-expanded={showPayload} aria-label={`Payload of ${node.topic}`}
            title={showPayload ? 'Hide the payload' : 'Show the whole payload'} onClick={() => setShowPayload(!showPayload)}>{payloadPreview(message)}</button>
        )}
        <span className="topic-count" title="Messages seen on this topic and below">{node.count} msg{node.count === 1 ? '' : 's'}</span>
      </div>
      {message && showPayload && <pre className="topic-payload" aria-label={`Whole payload of ${node.topic}`}>{payloadText(message)}</pre>}
      {hasChildren && open && (
        <ul role="group">{sortedChildren(node).map((child) => <TopicItem key={child.name} node={child} dropType={dropType} onPick={onPick} />)}</ul>
      )}
    </li>
  );
});
