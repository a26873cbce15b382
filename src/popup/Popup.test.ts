import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { emptyTally } from '../core/tab-tally';
import type { RuleView } from '../shared/messages/views';
import { ruleView } from '../shared/test-support/rule-view';

// The popup as it is drawn from what its store holds: a render on the server side reads a zustand store's first state
// only, so the test gives the popup a store of its own. Nothing here calls an extension API.
const store = vi.hoisted(() => ({ state: {} as Record<string, unknown> }));
vi.mock('./store', async () => ({ usePopup: (await import('../shared/test-support/store-hook')).storeHook(store) }));
vi.mock('../shared/browser', () => ({ default: {} }));
const { Popup } = await import('./Popup');

const UI = 'http://localhost:8233';

/** The popup as it is first drawn for a tab of the Web UI at `pageUrl`, whose page asked about `asked`. */
function popup(pageUrl: string, asked: string[], rules: RuleView[] = []): string {
  store.state = {
    tabId: 7,
    pageUrl,
    status: { origin: UI, tally: { ...emptyTally(), namespaces: asked } },
    rules,
    origins: [{ origin: UI, builtIn: true, granted: true }],
    statusChip: true,
    webUiEndpoint: undefined,
    chosenNamespace: undefined,
    error: undefined,
    notice: undefined,
    loaded: true,
    load: () => Promise.resolve(),
    act: () => Promise.resolve(),
    choose: () => undefined,
  };
  return renderToStaticMarkup(createElement(Popup));
}

describe('the popup, on a page that names namespaces', () => {
  it('offers to set up only plain namespace names, never a pattern the page named', () => {
    const html = popup(`${UI}/namespaces/default/workflows`, ['default', '*', 'prod*', 'billing']);
    expect(html).toContain('aria-label="Set up billing here"');
    expect(html).not.toMatch(/Set up [^"<]*\*/);
    expect(html).not.toContain('data-namespace="*"');
    expect(html).not.toContain('data-namespace="prod*"');
  });

  it('takes no pattern from the page’s address as its namespace', () => {
    for (const segment of ['*', 'prod*', '%2A']) {
      const html = popup(`${UI}/namespaces/${segment}/workflows`, []);
      expect(html).toContain('None in this page’s address');
      expect(html).not.toContain('Set up *');
      expect(html).not.toContain('<form');
    }
  });

  it('shows a long name the page chose cut, in the list and in the form', () => {
    const long = `n${'x'.repeat(900)}`;
    const html = popup(`${UI}/namespaces/${long}/workflows`, [long.slice(0, 256), 'other-' + 'y'.repeat(250)]);
    expect(html).toContain(`Set up ${long.slice(0, 199)}…</h2>`);
    expect(html).toContain(`>${'other-' + 'y'.repeat(193)}…</span>`);
    // Nowhere a user reads or hears it (labels too); only the attribute tests find names by holds it whole.
    expect(html.replace(/ data-namespace="[^"]*"/g, '')).not.toContain('x'.repeat(200));
  });
});

describe('the popup’s switch for the namespace in view', () => {
  const page = `${UI}/namespaces/default/workflows`;

  it('says that off, what the Web UI sends there goes unencoded too, for a rule that encodes it', () => {
    const html = popup(page, ['default'], [ruleView({ addresses: [UI] })]);
    expect(html).toMatch(/role="switch"[^>]*aria-describedby="(switch-encoding-default)"[^]*<p id="\1" class="hint muted">Off: what the Web UI sends in default goes unencoded too.<\/p>/);
  });

  it('says nothing of encoding for a rule that does not encode', () => {
    const html = popup(page, ['default'], [ruleView({ addresses: [UI], encodeRequests: false })]);
    expect(html).toContain('Decode payloads in default');
    expect(html).not.toContain('unencoded');
  });
});
