import { useEffect } from 'react';
import type { EditorActions } from '../store/actions.ts';

/** Imports a .json flow file dropped anywhere on the editor. An invalid file changes nothing and says why. */
export function useFileDrop(actions: EditorActions): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const onDrop = async (e: DragEvent) => {
      // The import dialog's own drop zone handles drops on it.
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      for (const file of e.dataTransfer!.files) {
        const result = actions.importText(await file.text());
        if (!result.ok) actions.notify('error', `${file.name}: ${result.error}`);
      }
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [actions]);
}
