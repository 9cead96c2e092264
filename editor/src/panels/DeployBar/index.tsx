import type { ReactNode } from 'react';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import './styles.css';

export interface DeployBarProps {
  onImport(): void;
  onExport(): void;
  onHelp(): void;
  /** The account menu, last in the bar. */
  account?: ReactNode;
}

/** The top bar: import, export, help, the connection state and the Deploy button with its dirty marker. */
export function DeployBar({ onImport, onExport, onHelp, account }: DeployBarProps) {
  const actions = useActions();
  const dirty = useEditorState((s) => s.dirty);
  const deploying = useEditorState((s) => s.deploying);
  const connection = useEditorState((s) => s.connection);
  const canUndo = useEditorState((s) => s.history.past.length > 0);
  const canRedo = useEditorState((s) => s.history.future.length > 0);
  return (
    <header className="deploy-bar">
      <span className="brand">Patchbay</span>
      <span className={`connection connection-${connection}`} role="status" aria-label={`Server ${connection}`}>
        <span className="connection-dot" aria-hidden="true" />{connection}
      </span>
      <span className="spacer" />
      <button type="button" onClick={actions.undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">↶</button>
      <button type="button" onClick={actions.redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Y)">↷</button>
      <button type="button" onClick={onImport}>Import</button>
      <button type="button" onClick={onExport}>Export</button>
      <button type="button" onClick={onHelp} aria-label="Help" title="Keyboard shortcuts (?)">?</button>
      <button type="button" className={dirty ? 'deploy dirty' : 'deploy'} onClick={() => void actions.deploy()}
        disabled={deploying || !dirty} aria-label="Deploy" data-dirty={dirty || undefined}
        title={dirty ? 'Deploy the changes (Ctrl+Enter)' : 'No changes to deploy'}>
        {deploying ? 'Deploying…' : 'Deploy'}{dirty && !deploying && <span className="dirty-dot" aria-hidden="true" />}
      </button>
      {account}
    </header>
  );
}
