import { useId } from 'react';
import { listed } from '../shared/listed';
import type { KeptGrantView } from '../shared/messages/views';
import { useOptions } from './store';

/** Why the background keeps a grant for many sites (broad-host-access.ts), in one sentence. */
function keptGrantSentence({ pattern, covers }: KeptGrantView): string {
  const why = covers.length > 0 ? `because it covers ${listed(covers)}, which these settings use` : 'because the stored settings cannot all be read and may need any address (see “Needs your attention”)';
  return `Payload Lens still has access to many sites through its grant for ${pattern}, kept ${why}.`;
}

/**
 * Grants for many sites the background keeps rather than gives back: nothing else tells the user the extension can
 * still reach those sites. How to end one is said as both browsers allow it: the user withdraws it in the browser's own
 * settings (the browser then takes the addresses under it too, or may), and allows each address again here, the way
 * this page allows it.
 */
export function KeptGrants() {
  const keptGrants = useOptions((s) => s.keptGrants);
  const id = useId();
  if (keptGrants.length === 0) return null;
  return (
    <section aria-labelledby={id} className="attention">
      <h3 id={id}>Access to many sites</h3>
      <ul>
        {keptGrants.map((grant) => (
          <li key={grant.pattern}>{keptGrantSentence(grant)}</li>
        ))}
      </ul>
      <p>
        Giving such a grant back can take away the access to the addresses under it too. To end this access, withdraw the grant in the browser’s settings for Payload Lens, then allow again on this page each address that lost its
        access: “Allow access again” beside a Web UI address above, save a codec server’s rule again, or, for an address your administrator set, “Allow access” under “Set by your administrator”.
      </p>
    </section>
  );
}
