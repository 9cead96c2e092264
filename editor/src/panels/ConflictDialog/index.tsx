import { useActions, useEditorState } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';

/** After a 409: someone else deployed since we loaded. Reload theirs, or overwrite with ours. */
export function ConflictDialog() {
  const actions = useActions();
  const conflict = useEditorState((s) => s.conflict);
  if (!conflict) return null;
  return (
    <Dialog title="The flows changed on the server" onClose={actions.dismissConflict} actions={<>
      <button type="button" onClick={actions.dismissConflict}>Cancel</button>
      <button type="button" onClick={() => void actions.reload()}>Reload</button>
      <button type="button" onClick={() => void actions.overwrite()}>Overwrite</button>
    </>}>
      <p>Someone deployed other flows since you loaded them.</p>
      <p><b>Reload</b> shows their flows and drops your undeployed changes. <b>Overwrite</b> deploys yours and replaces theirs.</p>
    </Dialog>
  );
}
