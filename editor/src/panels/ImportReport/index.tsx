import type { ImportReport as Report } from '../../../../server/api/contract.ts';
import './styles.css';

/** What a Node-RED import did: the counts, then each node that was approximated or kept as a placeholder, with why. */
export function ImportReport({ report }: { report: Report }) {
  const notable = report.nodes.filter((n) => n.outcome !== 'mapped');
  return (
    <div className="import-report" aria-label="Import report">
      <p className="import-report-summary" role="status">
        Imported from Node-RED: {report.mapped} mapped, {report.approximated} approximated, {report.unsupported} unsupported
        {report.credentials > 0 && `; credentials of ${report.credentials} node(s) are sent with the next deploy`}.
      </p>
      {notable.length > 0 && (
        <ul className="import-report-list">
          {notable.map((n) => (
            <li key={n.id} className={`import-report-${n.outcome}`}>
              <strong>{n.outcome}</strong> {n.type} “{n.name ?? n.id}”{n.notes.length > 0 && `: ${n.notes.join('; ')}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
