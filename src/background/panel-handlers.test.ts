import { describe, expect, it, vi } from 'vitest';
import { explainError, type DecodeResult } from '../core/errors';
import { defaultSettings, type Rule } from '../core/settings/schema';
import { settingsRecord } from '../core/settings/stored-settings';
import type { CodecWork } from './decoding/codec-work';
import { InputError } from './input-error';
import { createPanelHandlers } from './panel-handlers';
import { createPrivateView } from './private-view';
import { memoryStore } from './storage/key-value';
import { memorySettings } from './test-support/stores';

const rule: Rule = { id: 'r1', addresses: 'every', namespace: 'pay*', enabled: false, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: ['k'] } };
const payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VjcmV0' };

function setup() {
  const { settings, store } = memorySettings();
  store.data.set('settings', settingsRecord({ ...defaultSettings(), rules: [rule] }));
  const work = {
    decode: vi.fn<CodecWork['decode']>(async (_rule, _ns, _partition, payloads) => payloads.map((): DecodeResult => ({ ok: false, error: { kind: 'decrypt-failed' } }))),
    encode: vi.fn<CodecWork['encode']>(),
    prepare: vi.fn(),
    clear: vi.fn(),
  };
  return { handlers: createPanelHandlers({ settings, work, privateView: createPrivateView(memoryStore()) }), work };
}

describe('a history file decoded for the page that opened it', () => {
  it('uses the rule the user picked, even switched off, for the namespace given, cached apart from every Web UI', async () => {
    const { handlers, work } = setup();
    const reply = await handlers['decode-file']({ ruleId: 'r1', namespace: 'payments', payloads: [payload], where: ['input.payloads[0]'] });
    expect(work.decode).toHaveBeenCalledWith(rule, 'payments', JSON.stringify(['history-file', 'r1', 'payments']), [payload]);
    expect(reply).toEqual({ results: [{ ok: false, kind: 'decrypt-failed', sentence: explainError({ kind: 'decrypt-failed' }) }] });
  });

  it('says so when the rule is gone', async () => {
    const { handlers, work } = setup();
    await expect(handlers['decode-file']({ ruleId: 'gone', namespace: 'payments', payloads: [payload], where: [''] })).rejects.toThrow(InputError);
    expect(work.decode).not.toHaveBeenCalled();
  });
});
