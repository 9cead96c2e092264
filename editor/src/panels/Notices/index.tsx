import { useEffect } from 'react';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import type { Notice } from '../../store/editor-state.ts';
import './styles.css';

/** How long a notice stays: long enough to read an error, not so long that it outlives its moment. */
const SHOWN_MS: Record<Notice['kind'], number> = { info: 4000, error: 8000 };

/** Short messages in the corner: "Deployed", a refused wire, an import result. */
export function Notices() {
  const notices = useEditorState((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => <NoticeItem key={n.id} notice={n} />)}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const actions = useActions();
  useEffect(() => {
    const timer = setTimeout(() => actions.dismiss(notice.id), SHOWN_MS[notice.kind]);
    return () => clearTimeout(timer);
  }, [actions, notice]);
  return (
    <div className={`notice notice-${notice.kind}`}>
      <span>{notice.message}</span>
      <button type="button" aria-label="Dismiss" onClick={() => actions.dismiss(notice.id)}>✕</button>
    </div>
  );
}
