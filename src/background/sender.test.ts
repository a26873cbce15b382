import { describe, expect, it } from 'vitest';
import { isFromBackground } from '../shared/extension-self';
import { classifySender, type Self } from './sender';

const self: Self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const tab = { id: 7, index: 0, highlighted: true, active: true, pinned: false, incognito: false };

describe('the sender of a message to the background', () => {
  it('is an extension page when its URL is the extension’s, with a tab or without', () => {
    const url = `${self.baseUrl}src/options/index.html`;
    expect(classifySender({ id: self.id, url }, self)).toEqual({ kind: 'extension-page', url });
    expect(classifySender({ id: self.id, url, tab, frameId: 0, origin: 'chrome-extension://abcdefghijklmnop' }, self)).toEqual({ kind: 'extension-page', url });
  });

  it('is the panel only at the panel page’s own address, whatever its query', () => {
    const url = `${self.baseUrl}src/panel/index.html?tab=7`;
    expect(classifySender({ id: self.id, url }, self)).toEqual({ kind: 'panel', url });
    const lookalike = `${self.baseUrl}src/panel/index.html.evil`;
    expect(classifySender({ id: self.id, url: lookalike }, self)).toEqual({ kind: 'extension-page', url: lookalike });
  });

  it('is nobody for the relay page, which any web page may frame', () => {
    for (const url of [`${self.baseUrl}src/relay/index.html`, `${self.baseUrl}src/relay/index.html#0123`]) {
      expect(classifySender({ id: self.id, url, tab, frameId: 4, origin: 'chrome-extension://abcdefghijklmnop' }, self)).toBeUndefined();
    }
  });

  it('is the bridge of a Web UI tab, with the address the browser stamped', () => {
    expect(classifySender({ id: self.id, url: 'http://localhost:8233/namespaces/default', tab, frameId: 0, origin: 'http://localhost:8233' }, self)).toEqual({ kind: 'bridge', origin: 'http://localhost:8233', tabId: 7 });
    // Firefox stamps no origin: the frame's URL gives it.
    expect(classifySender({ id: self.id, url: 'https://temporal.example.com:8443/x', tab, frameId: 0 }, self)).toEqual({ kind: 'bridge', origin: 'https://temporal.example.com:8443', tabId: 7 });
  });

  it('is nobody, and refused, for anything else', () => {
    const page = { url: 'http://localhost:8233/', tab, frameId: 0, origin: 'http://localhost:8233' };
    // another extension
    expect(classifySender({ ...page, id: 'someone-else' }, self)).toBeUndefined();
    // a frame inside the Web UI
    expect(classifySender({ ...page, id: self.id, frameId: 3 }, self)).toBeUndefined();
    // a content script without a tab
    expect(classifySender({ id: self.id, url: page.url, frameId: 0 }, self)).toBeUndefined();
    // a stamped origin that disagrees with the URL
    expect(classifySender({ ...page, id: self.id, origin: 'http://evil.example' }, self)).toBeUndefined();
    // a page pretending to be the extension's by URL only cannot: origins disagree
    expect(classifySender({ id: self.id, url: `${self.baseUrl}x`, origin: 'http://localhost:8233' }, self)).toBeUndefined();
    // no URL, opaque or non-web pages
    expect(classifySender({ id: self.id, tab, frameId: 0 }, self)).toBeUndefined();
    expect(classifySender({ id: self.id, url: 'data:text/html,hi', tab, frameId: 0 }, self)).toBeUndefined();
    expect(classifySender({ id: self.id, url: 'file:///etc/passwd', tab, frameId: 0 }, self)).toBeUndefined();
  });
});

describe('a message to a content script', () => {
  it('is from the background only without a tab and from the extension’s own URL', () => {
    expect(isFromBackground({ id: self.id, url: `${self.baseUrl}src/background/index.ts` }, self)).toBe(true);
    expect(isFromBackground({ id: self.id, url: 'http://localhost:8233/', tab, frameId: 0 }, self)).toBe(false);
    expect(isFromBackground({ id: 'other', url: `${self.baseUrl}x` }, self)).toBe(false);
  });
});
