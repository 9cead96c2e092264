import { GESTURES, SHORTCUTS } from '../../App/shortcuts.ts';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';

/** The keyboard shortcuts and canvas gestures, read from the same table the key handler uses. */
export function HelpDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="help-table">
        <tbody>
          {SHORTCUTS.map((s) => <tr key={s.keys}><th scope="row"><kbd>{s.keys}</kbd></th><td>{s.description}</td></tr>)}
        </tbody>
      </table>
      <h3 className="help-subtitle">On the canvas</h3>
      <table className="help-table">
        <tbody>
          {GESTURES.map((g) => <tr key={g.keys}><th scope="row">{g.keys}</th><td>{g.description}</td></tr>)}
        </tbody>
      </table>
      <p className="help-note">On a Mac, Cmd works wherever Ctrl is listed.</p>
    </Dialog>
  );
}
