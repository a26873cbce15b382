// A codec server rule's secrets once the browser has closed: a session-only one is named as forgotten and nothing is
// sent; a remembered one still goes with the request. And which token each answer's requests carry, and when the
// origin permission is asked, and what is kept once settings or secrets change.
import { describe, expect, it } from 'vitest';
import { explainError } from '../../core/errors';
import type { Payload } from '../../core/payload';
import type { CodecClient, CodecTarget } from '../../core/remote/codec-client';
import type { Rule } from '../../core/settings/schema';
import { memoryStore } from '../storage/key-value';
import { secretNames, unconfirmed } from '../storage/secret-store';
import { memorySecrets } from '../test-support/stores';
import { codecTargetFor } from './codec-target';
import { createDecoderRegistry, NAMESPACES_KEPT_PER_RULE } from './decoder-registry';
import { createKeyForms } from './key-forms';

const CODEC = 'https://codec.example.com';
const rule: Rule = {
  id: 'r1',
  addresses: ['http://localhost:8233'],
  namespace: 'payments',
  enabled: true,
  mode: 'remote',
  encodeRequests: false,
  privateView: false,
  remote: { endpoint: CODEC, includeCredentials: false, headerNames: ['X-Tenant'], permissionsClaim: 'permissions' },
};

async function afterBrowserRestart(remember: { token: boolean; header: boolean }) {
  const { secrets, session } = memorySecrets();
  await secrets.put(secretNames.token(rule.id), 'the-token', { origin: CODEC, remember: remember.token });
  await secrets.put(secretNames.header(rule.id, 'X-Tenant'), 'acme', { origin: CODEC, remember: remember.header });
  session.data.clear();
  return codecTargetFor(rule, 'payments', secrets);
}

describe('an administrator’s rule', () => {
  it('sends no secret stored under its name: a policy carries none, so one there came from elsewhere', async () => {
    const { secrets } = memorySecrets();
    const managed: Rule = { ...rule, id: 'managed:corp', remote: { ...rule.remote!, headerNames: [] } };
    await secrets.put(secretNames.token(managed.id), 'planted-or-copied', { origin: CODEC, remember: true });
    const choice = await codecTargetFor(managed, 'payments', secrets);
    expect(choice).toMatchObject({ ok: true, origin: CODEC });
    expect(JSON.stringify(choice)).not.toContain('planted-or-copied');
  });
});

describe('a codec server rule after the browser closed', () => {
  it('names a session-only access token as forgotten, and sends nothing', async () => {
    const choice = await afterBrowserRestart({ token: false, header: true });
    expect(choice).toEqual({ ok: false, error: { kind: 'secret-not-saved', detail: 'access token' } });
    expect(explainError({ kind: 'secret-not-saved', detail: 'access token' })).toBe(
      'The access token of this rule is no longer saved, as a secret not remembered on this device is forgotten when the browser closes or Payload Lens is updated, so nothing was sent; enter it again in the options page.',
    );
  });

  it('names a session-only header value the same way', async () => {
    expect(await afterBrowserRestart({ token: true, header: false })).toEqual({ ok: false, error: { kind: 'secret-not-saved', detail: 'X-Tenant header' } });
  });

  it('sends what was remembered', async () => {
    const choice = await afterBrowserRestart({ token: true, header: true });
    expect(choice.ok && choice.target).toMatchObject({ accessToken: 'the-token', headers: { 'X-Tenant': 'acme' } });
  });

  it('sends no token, and names nothing, when none was ever saved', async () => {
    const { secrets } = memorySecrets();
    const choice = await codecTargetFor({ ...rule, remote: { ...rule.remote!, headerNames: [] } }, 'payments', secrets);
    expect(choice.ok && choice.target.accessToken).toBeUndefined();
  });
});

describe('a codec server rule whose secrets moved from version 0.1.0', () => {
  it('sends nothing, and says the address waits to be confirmed, until it is', async () => {
    const { secrets } = memorySecrets();
    await secrets.put(secretNames.token(rule.id), 'the-token', { origin: unconfirmed(CODEC), remember: true });
    await secrets.put(secretNames.header(rule.id, 'X-Tenant'), 'acme', { origin: CODEC, remember: true });
    const choice = await codecTargetFor(rule, 'payments', secrets);
    expect(choice).toEqual({ ok: false, error: { kind: 'secret-unconfirmed', detail: 'access token' } });
    expect(explainError({ kind: 'secret-unconfirmed', detail: 'access token' })).toBe(
      'The access token of this rule came from Payload Lens 0.1.0 and is sent to its codec server only once you confirm that address on the settings page, so nothing was sent.',
    );
    await secrets.confirm([secretNames.token(rule.id)], CODEC);
    const confirmed = await codecTargetFor(rule, 'payments', secrets);
    expect(confirmed.ok && confirmed.target).toMatchObject({ accessToken: 'the-token', headers: { 'X-Tenant': 'acme' } });
  });

  it('uses a token typed into the settings’ Test instead of the one held', async () => {
    const { secrets } = memorySecrets();
    await secrets.put(secretNames.token(rule.id), 'the-token', { origin: unconfirmed(CODEC), remember: true });
    const choice = await codecTargetFor({ ...rule, remote: { ...rule.remote!, headerNames: [] } }, 'payments', secrets, { accessToken: 'typed' });
    expect(choice.ok && choice.target.accessToken).toBe('typed');
  });
});

const sealed: Payload = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'AAAA' };

/** A codec server rule's decoders as the background builds them, the registry cleared on every change of secrets. */
async function setUp() {
  let onChange = (): void => undefined;
  const { secrets } = memorySecrets(() => onChange());
  await secrets.put(secretNames.token(rule.id), 'first-token', { origin: CODEC, remember: false });
  let unreadable = false;
  const flaky: typeof secrets = { ...secrets, reveal: async (name, origin) => (unreadable ? undefined : secrets.reveal(name, origin)) };
  const sent: Array<string | undefined> = [];
  const targets: CodecTarget[] = [];
  const codecClient: CodecClient = {
    decode: async (target: CodecTarget, payloads) => {
      sent.push(target.accessToken);
      targets.push(target);
      return payloads.map((payload) => ({ ok: true, payload }));
    },
    encode: async (target: CodecTarget) => {
      targets.push(target);
      return [];
    },
    resume: () => undefined,
  };
  let granted = true;
  const asked: string[] = [];
  const hasOriginAccess = async (origin: string) => {
    asked.push(origin);
    return granted;
  };
  // The rule as the settings hold it now.
  let saved: Rule | undefined = rule;
  let ruleReads = 0;
  let settingsFail = false;
  const ruleNow = async (id: string) => {
    ruleReads++;
    if (settingsFail) throw new Error('storage failed for a moment');
    return id === rule.id ? saved : undefined;
  };
  const registry = createDecoderRegistry({ secrets: flaky, keyForms: createKeyForms(memoryStore()), codecClient, hasOriginAccess, ruleNow });
  onChange = () => registry.clear();
  const decoder = () => registry.decoderFor(rule, 'payments');
  const decode = async () => (await decoder()).decode([sealed], () => undefined);
  /** The user saves the rule as `changed` (undefined: removes it); the background clears the registry. */
  const saveRule = (changed: Rule | undefined) => {
    saved = changed;
    registry.clear();
  };
  return { secrets, registry, sent, targets, asked, decoder, decode, saveRule, ruleReads: () => ruleReads, failSettings: () => (settingsFail = true), withdraw: () => (granted = false), readable: (yes: boolean) => (unreadable = !yes) };
}

describe('a codec server rule’s decoder', () => {
  it('sends the token saved last, from the next answer on, and caches its results apart', async () => {
    const { secrets, sent, decoder, decode } = await setUp();
    await decode();
    const before = (await decoder()).id;
    await secrets.put(secretNames.token(rule.id), 'second-token', { origin: CODEC, remember: false });
    await decode();
    expect(sent).toEqual(['first-token', 'second-token']);
    expect((await decoder()).id).not.toBe(before);
  });

  it('reads a token again for the next answer when it could not be read for this one', async () => {
    const { decode, readable } = await setUp();
    readable(false);
    expect((await decode())[0]!.ok).toBe(false);
    readable(true);
    expect((await decode())[0]!.ok).toBe(true);
  });

  it('asks for the origin permission on every answer: access withdrawn stops the next one', async () => {
    const { sent, decode, withdraw } = await setUp();
    expect((await decode())[0]!.ok).toBe(true);
    withdraw();
    expect(await decode()).toEqual([{ ok: false, error: { kind: 'codec-permission-missing', detail: CODEC } }]);
    expect(sent).toHaveLength(1);
  });

  it('asks about the same origin when told to warm up, before an answer is decoded', async () => {
    const { asked, decoder } = await setUp();
    (await decoder()).warmUp?.();
    expect(asked).toEqual([CODEC]);
  });

  it('asks nothing to warm up while its codec server cannot be read: nothing would be sent', async () => {
    const { asked, decoder, readable } = await setUp();
    readable(false);
    expect((await decoder()).warmUp).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('has the codec client ask about the same origin before each request: a withdrawal during an answer is seen', async () => {
    const { targets, asked, decode, withdraw } = await setUp();
    await decode();
    const mayReach = targets[0]!.mayReach!;
    expect(await mayReach()).toBe(true);
    withdraw();
    expect(await mayReach()).toBe(false);
    expect(asked).toEqual([CODEC, CODEC, CODEC]);
  });

  it('lets a call’s requests go on after a change of settings or secrets only while the rule would send the same', async () => {
    const { secrets, targets, decode } = await setUp();
    await decode();
    const current = targets[0]!.current!;
    expect(await current()).toBe(true);
    // Another rule's token: this one sends the same.
    await secrets.put(secretNames.token('another-rule'), 'other-token', { origin: CODEC, remember: false });
    expect(await current()).toBe(true);
    await secrets.put(secretNames.token(rule.id), 'second-token', { origin: CODEC, remember: false });
    expect(await current()).toBe(false);
    await decode();
    expect(await targets[1]!.current!()).toBe(true);
  });

  it('stops a call’s requests once the token is forgotten, or the rule switched off, narrowed, moved or removed', async () => {
    for (const change of ['forget', 'switch off', 'narrow', 'move', 'remove'] as const) {
      const { secrets, targets, decode, saveRule } = await setUp();
      await decode();
      if (change === 'forget') await secrets.delete([secretNames.token(rule.id)]);
      if (change === 'switch off') saveRule({ ...rule, enabled: false });
      if (change === 'narrow') saveRule({ ...rule, namespace: 'payments-eu' });
      if (change === 'move') saveRule({ ...rule, remote: { ...rule.remote!, endpoint: 'https://codec.example.org' } });
      if (change === 'remove') saveRule(undefined);
      expect(await targets[0]!.current!(), change).toBe(false);
    }
  });

  it('stops a call’s requests once a header value changes, or the rule can no longer be read', async () => {
    for (const change of ['header', 'unreadable'] as const) {
      const { secrets, targets, decode, failSettings } = await setUp();
      await secrets.put(secretNames.header(rule.id, 'X-Tenant'), 'blue', { origin: CODEC, remember: false });
      await decode();
      if (change === 'header') await secrets.put(secretNames.header(rule.id, 'X-Tenant'), 'green', { origin: CODEC, remember: false });
      else {
        failSettings();
        await secrets.put(secretNames.token('another-rule'), 'other-token', { origin: CODEC, remember: false });
      }
      expect(await targets[0]!.current!(), change).toBe(false);
    }
  });

  it('stops an encoding call’s requests once the rule no longer encodes, and lets its decoding go on', async () => {
    const encoding = { ...rule, encodeRequests: true };
    const { registry, targets, saveRule } = await setUp();
    saveRule(encoding);
    await (await registry.decoderFor(encoding, 'payments')).decode([sealed], () => undefined);
    await registry.encodeRemotely(encoding, 'payments', [sealed]);
    saveRule({ ...encoding, encodeRequests: false });
    expect(await targets[0]!.current!()).toBe(true);
    expect(await targets[1]!.current!()).toBe(false);
  });

  it('checks an encoding call whose rule was read before a change against the rule as it is now', async () => {
    const encoding = { ...rule, encodeRequests: true };
    const { registry, targets, saveRule } = await setUp();
    saveRule(encoding);
    // The handler read the rule; the user turns encoding off before the call gets here.
    saveRule({ ...encoding, encodeRequests: false });
    await registry.encodeRemotely(encoding, 'payments', [sealed]);
    expect(await targets[0]!.current!()).toBe(false);
  });

  it('lets a call for a namespace the rule never took in (a history file) go on when the rule is narrowed', async () => {
    const { registry, targets, saveRule } = await setUp();
    await (await registry.decoderFor(rule, 'ledger')).decode([sealed], () => undefined);
    saveRule({ ...rule, namespace: 'pay*' });
    expect(await targets[0]!.current!()).toBe(true);
  });

  it('lets a switched-off rule’s calls (a history file) go on through changes that leave it the same', async () => {
    const { secrets, registry, targets, saveRule } = await setUp();
    const off = { ...rule, enabled: false };
    saveRule(off);
    await (await registry.decoderFor(off, 'payments')).decode([sealed], () => undefined);
    await secrets.put(secretNames.token('another-rule'), 'other-token', { origin: CODEC, remember: false });
    expect(await targets[0]!.current!()).toBe(true);
  });

  it('reads the rule again once per change for a call, and not for each answer when nothing can be sent', async () => {
    const { secrets, targets, decode, ruleReads, readable } = await setUp();
    await decode();
    const afterBuild = ruleReads();
    await secrets.put(secretNames.token('another-rule'), 'other-token', { origin: CODEC, remember: false });
    await Promise.all([targets[0]!.current!(), targets[0]!.current!(), targets[0]!.current!()]);
    expect(ruleReads()).toBe(afterBuild + 1);
    readable(false);
    await secrets.put(secretNames.token('another-rule'), 'third-token', { origin: CODEC, remember: false });
    const reads = ruleReads();
    for (let i = 0; i < 3; i++) expect((await decode())[0]!.ok).toBe(false);
    expect(ruleReads()).toBe(reads);
  });

  it('checks the requests of a decoder built from a rule already replaced against the rule as it is now', async () => {
    const { targets, registry, saveRule } = await setUp();
    // An answer read the rule, then the user moved it to another codec server; the old token is still bound to the
    // old one.
    saveRule({ ...rule, remote: { ...rule.remote!, endpoint: 'https://codec.example.org' } });
    expect((await (await registry.decoderFor(rule, 'payments')).decode([sealed], () => undefined))[0]!.ok).toBe(true);
    expect(await targets[0]!.current!()).toBe(false);
  });

  it('keeps one decoder for a rule read again the same', async () => {
    const { registry } = await setUp();
    expect(registry.decoderFor(structuredClone(rule), 'payments')).toBe(registry.decoderFor(rule, 'payments'));
  });

  it('keeps decoders for a bounded number of namespaces per rule, dropping the least recently used', async () => {
    const { registry } = await setUp();
    const wide: Rule = { ...rule, namespace: '*' };
    const kept = registry.decoderFor(wide, 'payments');
    const first = registry.decoderFor(wide, 'ns-0');
    // A page asks for many more names than are kept, 'payments' among them now and then.
    for (let i = 1; i <= NAMESPACES_KEPT_PER_RULE * 3; i++) {
      registry.decoderFor(wide, `ns-${i}`);
      if (i % 10 === 0) registry.decoderFor(wide, 'payments');
    }
    expect(registry.decoderFor(wide, 'payments')).toBe(kept);
    expect(registry.decoderFor(wide, 'ns-0')).not.toBe(first);
    expect(registry.decoderFor(wide, `ns-${NAMESPACES_KEPT_PER_RULE * 3}`)).toBe(registry.decoderFor(wide, `ns-${NAMESPACES_KEPT_PER_RULE * 3}`));
  });

  it('keeps the decoder built after a change when one begun before it fails', async () => {
    const { secrets } = memorySecrets();
    let failFirst: (e: Error) => void = () => undefined;
    let statuses = 0;
    const hanging: typeof secrets = {
      ...secrets,
      status: (name) => (++statuses === 1 ? new Promise((_, reject) => (failFirst = reject)) : secrets.status(name)),
    };
    const codecClient: CodecClient = { decode: async (_target, payloads) => payloads.map((payload) => ({ ok: true, payload })), encode: async () => [], resume: () => undefined };
    const registry = createDecoderRegistry({ secrets: hanging, keyForms: createKeyForms(memoryStore()), codecClient, hasOriginAccess: async () => true, ruleNow: async () => rule });
    const first = registry.decoderFor(rule, 'payments');
    registry.clear();
    const second = registry.decoderFor(rule, 'payments');
    await second;
    failFirst(new Error('storage failed for a moment'));
    await expect(first).rejects.toThrow();
    expect(registry.decoderFor(rule, 'payments')).toBe(second);
  });

  it('does not keep a decoder built from settings read before a change for the answers after it', async () => {
    const { secrets, registry, sent, saveRule } = await setUp();
    // An answer read the rule, then the user moved the rule to another codec server and saved its token there.
    const before = rule;
    const NEW_CODEC = 'https://codec.example.org';
    const after: Rule = { ...rule, remote: { ...rule.remote!, endpoint: NEW_CODEC } };
    saveRule(after);
    await secrets.put(secretNames.token(rule.id), 'new-server-token', { origin: NEW_CODEC, remember: false });
    const late = await (await registry.decoderFor(before, 'payments')).decode([sealed], () => undefined);
    expect(late).toEqual([{ ok: false, error: { kind: 'secret-bound-elsewhere', detail: CODEC } }]);
    const next = await (await registry.decoderFor(after, 'payments')).decode([sealed], () => undefined);
    expect(next[0]!.ok).toBe(true);
    expect(sent).toEqual(['new-server-token']);
  });
});
