import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeBase64Text } from '../base64';
import type { Payload } from '../payload';

/**
 * Where the browser decodes base64 into a buffer that exists (Uint8Array.prototype.setFromBase64, here a stand-in),
 * each payload's bytes are decoded into memory the decoder reuses: a payload whose first key fails must be tried with
 * the next key on its own bytes, not on whatever was decoded there since.
 */
describe('AES-GCM payloads decoded in reused memory', () => {
  let local: typeof import('./local-decoder');
  const lent: ArrayBufferLike[] = [];
  beforeAll(async () => {
    const setLike = function (this: Uint8Array, text: string) {
      if (this.length >= 1) lent.push(this.buffer);
      const bytes = Buffer.from(text, 'base64');
      const written = Math.min(bytes.length, this.length);
      this.set(bytes.subarray(0, written));
      return { read: text.length, written };
    };
    Object.defineProperty(Uint8Array.prototype, 'setFromBase64', { value: setLike, configurable: true });
    vi.resetModules();
    local = await import('./local-decoder');
  });
  afterAll(() => {
    Reflect.deleteProperty(Uint8Array.prototype, 'setFromBase64');
    vi.resetModules();
  });

  const keyA = { id: '', key: new Uint8Array(32).fill(1) };
  const keyB = { id: '', key: new Uint8Array(32).fill(2) };
  const plain = (i: number): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: Buffer.from(JSON.stringify({ payload: i, pad: 'x'.repeat(i * 37) })).toString('base64') });

  it('opens every payload with its own key when payloads of two keys without a key id are mixed', async () => {
    const sealed = await Promise.all(Array.from({ length: 40 }, (_, i) => local.encryptPayload(plain(i), i % 3 === 0 ? keyA : keyB)));
    const decoder = local.createLocalDecoder([keyA, keyB]);
    // Twice: the first time the keys are still being imported, the second time the ring has them at once.
    for (const round of [1, 2]) {
      const results = await decoder.decode(sealed);
      expect(results.map((r) => (r.ok ? r.payload.data : r.error.kind)), `round ${round}`).toEqual(sealed.map((_, i) => plain(i).data));
    }
    // The bytes were decoded into one buffer the decoder kept.
    expect(new Set(lent).size).toBe(1);
  });
});
