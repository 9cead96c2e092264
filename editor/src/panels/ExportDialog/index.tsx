import { useMemo, useState } from 'react';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';
import { errorMessage } from '../../../../server/api/shared.ts';

/** Export the selection or all flows, as a file download or to the clipboard. */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const selected = useEditorState((s) => s.selectedNodes.size);
  const [scope, setScope] = useState<'selection' | 'flow' | 'all'>(selected > 0 ? 'selection' : 'all');
  const [copied, setCopied] = useState('');
  const text = useMemo(() => actions.exportText(scope), [actions, scope]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = scope === 'all' ? 'flows.json' : scope === 'flow' ? 'flow.json' : 'selection.json';
    link.click();
    URL.revokeObjectURL(url);
    onClose();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard.');
    } catch (err) {
      // Browsers refuse clipboard access on plain http from other hosts; the text stays selectable.
      setCopied(`The browser refused the clipboard (${errorMessage(err)}); select the text and copy it.`);
    }
  };

  return (
    <Dialog title="Export flows" onClose={onClose} wide actions={<>
      <button type="button" onClick={() => void copy()}>Copy to clipboard</button>
      <button type="button" className="primary" onClick={download}>Download</button>
    </>}>
      <fieldset className="export-scope">
        <legend>What to export</legend>
        <label><input type="radio" name="scope" checked={scope === 'selection'} disabled={selected === 0}
          onChange={() => setScope('selection')} /> Selected nodes ({selected})</label>
        <label><input type="radio" name="scope" checked={scope === 'flow'} onChange={() => setScope('flow')} /> Current flow</label>
        <label><input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All flows</label>
      </fieldset>
      <textarea className="export-text" readOnly value={text} aria-label="Exported JSON" spellCheck={false} />
      {copied && <p role="status">{copied}</p>}
    </Dialog>
  );
}
