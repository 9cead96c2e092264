import { useCallback, useEffect, useState } from 'react';
import type { NodePackageInfo, PackageInUseDetails } from '../../../../server/api/contract.ts';
import { errorMessage } from '../../../../server/api/shared.ts';
import { ApiError } from '../../api/rest.ts';
import { usePackageFeed } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';

/**
 * Manage palette (admins): the installed node packages with their types and versions, install
 * by npm name or an uploaded .tgz (npm's output shown as it comes), and remove. The palette
 * itself follows through the server's `nodes:changed` event, without a reload.
 */
export function ManagePalette({ onClose }: { onClose(): void }) {
  const feed = usePackageFeed();
  const [packages, setPackages] = useState<NodePackageInfo[] | null>(null);
  const [spec, setSpec] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string; flows?: string[] } | null>(null);

  const refresh = useCallback(() => feed.list().then(setPackages, (err: unknown) => setMessage({ kind: 'error', text: errorMessage(err) })), [feed]);
  useEffect(() => { void refresh(); }, [refresh]);

  const install = async (what: string | File) => {
    setBusy(true);
    setProgress([]);
    setMessage(null);
    try {
      const result = await feed.install(what, (line) => setProgress((lines) => [...lines.slice(-200), line]));
      setMessage(result.error
        ? { kind: 'error', text: `${result.name} was installed but did not load: ${result.error.message}` }
        : { kind: 'info', text: `Installed ${result.name}@${result.version}: ${result.types.join(', ')}` });
      setSpec('');
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
      void refresh();
    }
  };
  const remove = async (name: string) => {
    setMessage(null);
    try {
      await feed.remove(name);
      setMessage({ kind: 'info', text: `Removed ${name}` });
    } catch (err) {
      const flows = err instanceof ApiError && err.code === 'NODE_PACKAGE_IN_USE' ? (err.body?.details as PackageInUseDetails).flows : undefined;
      setMessage({ kind: 'error', text: flows ? `${name} is still used, so it was not removed. Remove its nodes from these flows first:` : errorMessage(err), flows });
    }
    void refresh();
  };

  return (
    <Dialog title="Manage palette" onClose={onClose} wide>
      <form className="palette-install" onSubmit={(e) => { e.preventDefault(); if (spec.trim()) void install(spec.trim()); }}>
        <label htmlFor="package-spec">Install a node package</label>
        <input id="package-spec" value={spec} placeholder="npm package name, e.g. patchbay-nodes-example" disabled={busy} onChange={(e) => setSpec(e.target.value)} />
        <button type="submit" className="primary" disabled={busy || !spec.trim()}>Install</button>
        <label className="palette-upload">or upload a .tgz
          <input type="file" accept=".tgz,application/gzip" aria-label="Package tarball" disabled={busy}
            onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void install(file); }} />
        </label>
      </form>
      {(busy || progress.length > 0) && (
        <pre className="palette-progress" aria-label="Install progress" aria-busy={busy}>{busy ? 'Installing…\n' : ''}{progress.join('\n')}</pre>
      )}
      {message && (
        <div className={`palette-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
          {message.flows && <ul>{message.flows.map((f) => <li key={f}>{f}</li>)}</ul>}
        </div>
      )}
      <table className="palette-packages" aria-label="Installed packages">
        <thead><tr><th>Package</th><th>Version</th><th>Node types</th><th /></tr></thead>
        <tbody>
          {packages?.map((p) => (
            <tr key={p.name} className={p.error ? 'failed' : undefined}>
              <td>{p.name}{p.source === 'local' && <span className="palette-source"> (folder in the data dir)</span>}</td>
              <td>{p.version}</td>
              <td>{p.error ? <span className="palette-load-error">Not loaded: {p.error.message}</span> : p.types.join(', ')}</td>
              <td><button type="button" aria-label={`Remove ${p.name}`} onClick={() => void remove(p.name)}>Remove</button></td>
            </tr>
          ))}
          {packages?.length === 0 && <tr><td colSpan={4}>No node packages installed: only the core nodes.</td></tr>}
        </tbody>
      </table>
    </Dialog>
  );
}
