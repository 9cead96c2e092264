import { useMemo, useState } from 'react';
import type { FlowNode } from '../../../../server/api/contract.ts';
import { configNodeUsage, configNodesOf, describeConfigNode } from '../../graph/config-nodes.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { NodeForm } from '../NodeForm/index.tsx';
import './styles.css';

/**
 * Every config node of the document with its type, name and how many nodes use it. Each
 * opens its form in place; deleting one that is in use asks first and clears the references.
 */
export function ConfigNodes() {
  const doc = useEditorState((s) => s.doc);
  const configNodes = useMemo(() => configNodesOf(doc), [doc]);
  const usage = useMemo(() => configNodeUsage(doc), [doc]);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section className="config-nodes" aria-label="Config nodes">
      {configNodes.length === 0
        ? <p className="config-nodes-empty">No config nodes. Nodes that need one, such as an MQTT broker connection, create it from their form.</p>
        : <ul className="config-nodes-list">
          {configNodes.map((node) => (
            <ConfigNodeItem key={node.id} node={node} users={usage.get(node.id) ?? 0} editing={editing === node.id}
              onToggle={() => setEditing(editing === node.id ? null : node.id)} />
          ))}
        </ul>}
    </section>
  );
}

interface ItemProps {
  node: FlowNode;
  users: number;
  editing: boolean;
  onToggle(): void;
}

function ConfigNodeItem({ node, users, editing, onToggle }: ItemProps) {
  const actions = useActions();
  const typeLabel = useEditorState((s) => s.catalogue.get(node.type)?.label ?? node.type);
  const name = describeConfigNode(node);
  const remove = () => {
    const question = `Delete the ${typeLabel} "${name}"? ${users} node${users === 1 ? ' uses' : 's use'} it; `
      + `${users === 1 ? 'its' : 'their'} setting will be cleared.`;
    if (users === 0 || window.confirm(question)) actions.removeConfigNode(node.id);
  };
  return (
    <li className="config-node" aria-label={name}>
      <div className="config-node-row">
        <span className="config-node-type">{typeLabel}</span>
        <span className="config-node-name" title={node.id}>{name}</span>
        {node.credentialsMissing?.length ? <span className="config-node-credentials-missing" title={`Enter ${node.credentialsMissing.join(', ')}`}>credentials missing</span> : null}
        <span className={users === 0 ? 'config-node-users unused' : 'config-node-users'}>
          {users === 0 ? 'unused' : `${users} node${users === 1 ? '' : 's'}`}
        </span>
        <button type="button" aria-expanded={editing} aria-label={`Edit ${name}`} onClick={onToggle}>{editing ? 'Done' : 'Edit'}</button>
        <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={remove}>Delete</button>
      </div>
      {editing && <div className="config-node-form"><NodeForm node={node} /></div>}
    </li>
  );
}
