import { useState } from 'react';
import { useActions } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';

/** Import a flow file: pick a file, drop one, or paste its text. An invalid file changes nothing and says why. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);

  const importText = (source: string, from?: string) => {
    const result = actions.importText(source);
    if (result.ok) onClose();
    else setError(from ? `${from}: ${result.error}` : result.error);
  };
  const importFile = async (file: File | undefined) => {
    if (file) importText(await file.text(), file.name);
  };

  return (
    <Dialog title="Import flows" onClose={onClose} wide actions={<>
      <button type="button" onClick={onClose}>Cancel</button>
      <button type="button" className="primary" disabled={!text.trim()} onClick={() => importText(text)}>Import</button>
    </>}>
      <div className={`import-drop${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); void importFile(e.dataTransfer.files[0]); }}>
        Drop a .json flow file here, or
        <label className="import-file">choose a file
          <input type="file" accept=".json,application/json" aria-label="Flow file" onChange={(e) => void importFile(e.target.files?.[0])} />
        </label>
      </div>
      <label className="import-paste-label" htmlFor="import-text">or paste the flow file’s text:</label>
      <textarea id="import-text" className="import-text" spellCheck={false} value={text} aria-label="Flow JSON"
        placeholder='{ "format": "patchbay-flows", "version": 1, "flows": [...], "nodes": [...] }'
        onChange={(e) => { setText(e.target.value); setError(''); }} />
      {error && <p className="import-error" role="alert">{error}</p>}
    </Dialog>
  );
}
