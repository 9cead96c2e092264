import { useState } from 'react';
import type { ImportReport as Report } from '../../../../server/api/contract.ts';
import { useActions } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import { ImportReport } from '../ImportReport/index.tsx';
import { ExamplesBrowser } from '../ExamplesBrowser/index.tsx';
import { MissingPackages } from '../MissingPackages/index.tsx';
import type { MissingPackages as Missing } from '../../store/selection-actions.ts';
import type { ImportTarget } from '../../graph/import-target.ts';
import { detectFormat } from './detect-format.ts';
import './styles.css';

/**
 * Import a flow file: pick a file, drop one, or paste its text. Patchbay files and Node-RED
 * exports are told apart by their shape; a Node-RED import then shows what was approximated.
 * An invalid file changes nothing and says why.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [missing, setMissing] = useState<Missing | null>(null);
  const [target, setTarget] = useState<ImportTarget>('as-file');

  const importText = async (source: string, from?: string) => {
    const format = detectFormat(source);
    if (format.kind === 'node-red') {
      setBusy(true);
      const result = await actions.importNodeRed(format.data);
      setBusy(false);
      if (result.ok) setReport(result.report);
      else setError(from ? `${from}: ${result.error}` : result.error);
      return;
    }
    const result = actions.importText(source, target);
    if (!result.ok) setError(from ? `${from}: ${result.error}` : result.error);
    else if (result.missing.packages.length || result.missing.types.length) setMissing(result.missing);
    else onClose();
  };
  const importFile = async (file: File | undefined) => {
    if (file) await importText(await file.text(), file.name);
  };

  if (missing) {
    return (
      <Dialog title="Imported: node packages missing" onClose={onClose} wide actions={<button type="button" className="primary" onClick={onClose}>Done</button>}>
        <MissingPackages missing={missing} />
      </Dialog>
    );
  }
  if (report) {
    return (
      <Dialog title="Imported from Node-RED" onClose={onClose} wide actions={<button type="button" className="primary" onClick={onClose}>Done</button>}>
        <ImportReport report={report} />
      </Dialog>
    );
  }
  return (
    <Dialog title="Import flows" onClose={onClose} wide actions={<>
      <button type="button" onClick={onClose}>Cancel</button>
      <button type="button" className="primary" disabled={!text.trim() || busy} onClick={() => void importText(text)}>Import</button>
    </>}>
      <div className={`import-drop${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); void importFile(e.dataTransfer.files[0]); }}>
        Drop a .json flow file (Patchbay or Node-RED) here, or
        <label className="import-file">choose a file
          <input type="file" accept=".json,application/json" aria-label="Flow file" onChange={(e) => void importFile(e.target.files?.[0])} />
        </label>
      </div>
      <label className="import-paste-label" htmlFor="import-text">or paste the flow file’s text (a Patchbay file or a Node-RED export):</label>
      <textarea id="import-text" className="import-text" spellCheck={false} value={text} aria-label="Flow JSON"
        placeholder='{ "format": "patchbay-flows", ... } or a Node-RED export [ { "id": ..., "type": "tab", ... } ]'
        onChange={(e) => { setText(e.target.value); setError(''); }} />
      {error && <p className="import-error" role="alert">{error}</p>}
      <fieldset className="import-target">
        <legend>Import into</legend>
        <label><input type="radio" name="import-target" checked={target === 'as-file'} onChange={() => setTarget('as-file')} /> As in the file (its flows become new tabs)</label>
        <label><input type="radio" name="import-target" checked={target === 'new-flow'} onChange={() => setTarget('new-flow')} /> A new flow</label>
        <label><input type="radio" name="import-target" checked={target === 'current-flow'} onChange={() => setTarget('current-flow')} /> The current flow</label>
      </fieldset>
      <ExamplesBrowser onImport={(flow, title) => void importText(flow, title)} />
    </Dialog>
  );
}
