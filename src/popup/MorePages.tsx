/** The popup's way to the extension's other views: this tab's private view, and history files. */
import { openHistoryFilePage, openPanel } from '../shared/open-panel';

export function MorePages({ tabId }: { tabId: number | undefined }) {
  const done = () => window.close();
  return (
    <p className="more-pages">
      {tabId !== undefined ? (
        <button type="button" onClick={() => void openPanel(tabId).finally(done)}>
          Show decoded payloads in Payload Lens
        </button>
      ) : null}{' '}
      <button type="button" className="link" onClick={() => void openHistoryFilePage().finally(done)}>
        Open a history file…
      </button>
    </p>
  );
}
