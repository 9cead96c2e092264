import { useState } from 'react';
import type { NodePackageNeed } from '../../../../server/api/contract.ts';
import { errorMessage, packageSpec } from '../../../../server/api/shared.ts';
import type { MissingPackages as Missing } from '../../store/selection-actions.ts';
import { usePackageFeed } from '../../store/use-editor.ts';
import './styles.css';

/**
 * After an import: the node packages its nodes need that are not installed (their nodes show
 * "missing type" until then), each with an Install button (admins; npm's output shown).
 */
export function MissingPackages({ missing }: { missing: Missing }) {
  return (
    <div className="missing-packages">
      <p>The imported nodes need node packages that are not installed. Their nodes are kept, marked “missing type”, until the package is installed.</p>
      <ul aria-label="Missing packages">
        {missing.packages.map((need) => <MissingPackage key={need.name} need={need} />)}
      </ul>
      {missing.types.length > 0 && <p>Node types no package here provides (the file names none): {missing.types.join(', ')}</p>}
    </div>
  );
}

function MissingPackage({ need }: { need: NodePackageNeed }) {
  const feed = usePackageFeed();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' | 'error'; text?: string }>({ kind: 'idle' });
  const [lines, setLines] = useState<string[]>([]);
  const install = async () => {
    setState({ kind: 'busy' });
    try {
      const result = await feed.install(packageSpec(need), (line) => setLines((l) => [...l.slice(-50), line]));
      setState(result.error ? { kind: 'error', text: result.error.message } : { kind: 'done', text: `Installed ${result.name}@${result.version}` });
    } catch (err) {
      setState({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <li>
      <strong>{packageSpec(need)}</strong> ({need.types.join(', ')})
      {state.kind !== 'done' && <button type="button" disabled={state.kind === 'busy'} onClick={() => void install()}>Install {need.name}</button>}
      {state.kind === 'busy' && <pre className="missing-progress" aria-label={`Installing ${need.name}`}>{lines.join('\n')}</pre>}
      {state.text && <span role={state.kind === 'error' ? 'alert' : 'status'} className={`missing-${state.kind}`}>{state.text}</span>}
    </li>
  );
}
