import { useActions, useEditorState } from '../../store/use-editor.ts';
import './styles.css';

/** Banners for states the person must know about: the server is gone, flows changed under us, edits to restore. */
export function Banners() {
  const actions = useActions();
  const connection = useEditorState((s) => s.connection);
  const remoteChange = useEditorState((s) => s.remoteChange);
  const loadError = useEditorState((s) => s.loadError);
  const draft = useEditorState((s) => s.draftOffer);
  return (
    <>
      {loadError && (
        <div className="banner banner-error" role="alert">
          Could not load from the server: {loadError} <button type="button" onClick={() => void actions.load()}>Retry</button>
        </div>
      )}
      {connection === 'disconnected' && (
        <div className="banner banner-error" role="alert">
          Connection to the Patchbay server lost. Reconnecting… Your changes stay here; deploy when it is back.
        </div>
      )}
      {draft && (
        <div className="banner banner-warn" role="alert">
          You have undeployed changes from {new Date(draft.savedAt).toLocaleString()} that were not saved when the page closed.
          <button type="button" onClick={actions.restoreDraft}>Restore</button>
          <button type="button" onClick={actions.discardDraft}>Discard</button>
        </div>
      )}
      {remoteChange && (
        <div className="banner banner-warn" role="alert">
          Someone deployed new flows. Your undeployed changes would overwrite them.
          <button type="button" onClick={() => void actions.reload()}>Load theirs (drop my changes)</button>
        </div>
      )}
    </>
  );
}
