import { useState } from 'react';
import type { FlowTab } from '../../../../server/api/contract.ts';
import { useActions } from '../../store/use-editor.ts';
import { Dialog } from '../Dialog/index.tsx';
import { useElement } from '../use-element.ts';
import './styles.css';

/** Edits a tab's description (markdown, in CodeMirror); it is saved in the flow document as `info`. */
export function FlowInfoDialog({ flow, onClose }: { flow: FlowTab; onClose(): void }) {
  const actions = useActions();
  const [draft, setDraft] = useState(flow.info ?? '');
  const editor = useElement('pb-code-field', { label: 'Description (Markdown)', language: 'markdown', value: draft }, {
    'value:change': (e) => setDraft(String(e.detail.value)),
  });
  const save = () => {
    actions.setFlowInfo(flow.id, draft);
    onClose();
  };
  return (
    <Dialog title={`Info: ${flow.label}`} onClose={onClose} wide actions={<>
      <button type="button" onClick={onClose}>Cancel</button>
      <button type="button" className="primary" onClick={save}>Save</button>
    </>}>
      <div ref={editor} className="flow-info-editor" />
      <p className="flow-info-note">Shown in the Properties sidebar while nothing on this flow is selected.</p>
    </Dialog>
  );
}
