import { useEffect, useRef, type ReactNode } from 'react';
import './styles.css';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom. */
  actions?: ReactNode;
  wide?: boolean;
}

/**
 * A modal native <dialog>: focus trapping, Escape to close and the accessible name come with
 * it. The element marked `data-autofocus` has the focus when it opens.
 */
export function Dialog({ title, onClose, children, actions, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    // showModal() focuses the first focusable element (the Close button); React's autoFocus
    // ran before it. An element marked data-autofocus takes the focus back.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-label={title}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div className="dialog-body">{children}</div>
      {actions && <footer className="dialog-actions">{actions}</footer>}
    </dialog>
  );
}
