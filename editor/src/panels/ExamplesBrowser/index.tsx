import { useEffect, useState } from 'react';
import type { ExampleInfo } from '../../../../server/api/contract.ts';
import { errorMessage } from '../../../../server/api/shared.ts';
import { apiCall } from '../../api/rest.ts';
import { useElement } from '../use-element.ts';
import './styles.css';

/**
 * The examples in the Import dialog: Patchbay's examples/ and those installed packages ship,
 * each with its README; one click imports it.
 */
export function ExamplesBrowser({ onImport }: { onImport(flow: string, title: string): void }) {
  const [examples, setExamples] = useState<ExampleInfo[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    apiCall<ExampleInfo[]>('GET', '/api/examples').then(setExamples, (err: unknown) => setError(errorMessage(err)));
  }, []);
  const shown = examples?.find((e) => e.id === open);
  return (
    <section className="examples" aria-label="Examples">
      <h3>Examples</h3>
      {error && <p className="import-error">{error}</p>}
      <div className="examples-body">
        <ul className="examples-list">
          {examples?.map((e) => (
            <li key={e.id}>
              <button type="button" aria-pressed={e.id === open} onClick={() => setOpen(e.id)}>
                {e.title}{e.source !== 'patchbay' && <span className="examples-source"> ({e.source})</span>}
              </button>
            </li>
          ))}
        </ul>
        {shown && (
          <div className="examples-readme">
            <button type="button" className="primary" onClick={() => onImport(JSON.stringify(shown.flow), shown.title)}>Import “{shown.title}”</button>
            <Markdown text={shown.readme} />
          </div>
        )}
      </div>
    </section>
  );
}

function Markdown({ text }: { text: string }) {
  const host = useElement('pb-help-view', { markdown: text }, {});
  return <div ref={host} />;
}
