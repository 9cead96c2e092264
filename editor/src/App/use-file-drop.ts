import { useEffect } from 'react';
import { detectFormat } from '../panels/ImportDialog/detect-format.ts';
import type { EditorActions } from '../store/actions.ts';

/** Imports a .json flow file (Patchbay or Node-RED) dropped anywhere on the editor. An invalid file changes nothing and says why. */
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
        const text = await file.text();
        const format = detectFormat(text); // a Node-RED export is converted by the server
        const result = format.kind === 'node-red' ? await actions.importNodeRed(format.data) : actions.importText(text);
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
