import { ExportSettings } from './ExportSettings';
import { ImportSettings } from './ImportSettings';

/** Moving the settings to another browser or profile, or sharing them with a team. */
export function ImportExport() {
  return (
    <section aria-labelledby="transfer-title" className="transfer">
      <h2 id="transfer-title">Export and import</h2>
      <ExportSettings />
      <ImportSettings />
    </section>
  );
}
