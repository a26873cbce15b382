import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { KeptGrantView } from '../shared/messages/views';

// The addresses' section as it is drawn from what the options store holds: a render on the server side reads a zustand
// store's first state only, so the test gives the section a store of its own. Nothing here calls an extension API.
const store = vi.hoisted(() => ({ state: {} as Record<string, unknown> }));
vi.mock('./store', async () => ({ useOptions: (await import('../shared/test-support/store-hook')).storeHook(store) }));
vi.mock('../shared/browser', () => ({ default: {} }));
const { OriginList } = await import('./OriginList');

const ADDED = 'http://127.0.0.2:8234';

/** The section as first drawn, with one added address and the background keeping `keptGrants`. */
function originList(keptGrants: KeptGrantView[], addedGranted = true): string {
  store.state = {
    origins: [
      { origin: 'http://localhost:8233', builtIn: true, granted: true },
      { origin: ADDED, builtIn: false, granted: addedGranted },
    ],
    keptGrants,
    act: () => Promise.resolve(true),
  };
  return renderToStaticMarkup(createElement(OriginList));
}

describe('the Web UI addresses, beside a grant for many sites the background keeps', () => {
  it('says, in a section of its own under the addresses, that the extension still reaches many sites, why, and how to end it; nothing once none is kept', () => {
    const html = originList([{ pattern: 'http://*/*', covers: [ADDED] }]);
    // Named by its heading, as the page's other notices are, and between the addresses and the form that adds one.
    expect(html).toMatch(/Web UI addresses<\/h2><ul class="origins">.*<\/ul><section aria-labelledby="([^"]+)" class="attention"><h3 id="\1">Access to many sites<\/h3>.*<\/section><form/);
    expect(html).toContain(`<li>Payload Lens still has access to many sites through its grant for http://*/*, kept because it covers ${ADDED}, which these settings use.</li>`);
    expect(html).toContain('To end this access, withdraw the grant in the browser’s settings for Payload Lens, then allow again on this page each address that lost its access: “Allow access again” beside a Web UI address above');
    // Once the background keeps none, the notice goes.
    const without = originList([]);
    expect(without).toContain(ADDED);
    expect(without).not.toContain('many sites');
    expect(without).not.toContain('class="attention"');
  });

  it('names each grant kept and every address under it', () => {
    const html = originList([
      { pattern: 'http://*/*', covers: [ADDED, 'http://codec.example.com'] },
      { pattern: 'https://*.corp.example.com/*', covers: ['https://temporal.corp.example.com'] },
    ]);
    expect(html).toContain(`grant for http://*/*, kept because it covers ${ADDED} and http://codec.example.com, which these settings use.`);
    expect(html).toContain('grant for https://*.corp.example.com/*, kept because it covers https://temporal.corp.example.com, which these settings use.');
    expect(html.match(/<h3 /g)).toHaveLength(1);
  });

  it('says why a grant is kept that covers nothing the settings need: they cannot all be read', () => {
    expect(originList([{ pattern: 'https://*/*', covers: [] }])).toContain(
      'grant for https://*/*, kept because the stored settings cannot all be read and may need any address (see “Needs your attention”).',
    );
  });
});

describe('an added Web UI address', () => {
  it('whose access was withdrawn in the browser says so, and offers to allow it again from its row', () => {
    const html = originList([], false);
    expect(html).toContain(`<code>${ADDED}</code><span class="bad"> access withdrawn in the browser</span><button type="button" aria-label="Allow access to ${ADDED} again">Allow access again</button>`);
    const granted = originList([]);
    expect(granted).not.toContain('withdrawn');
    expect(granted).not.toContain('Allow access');
  });
});
