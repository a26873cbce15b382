import { describe, expect, it } from 'vitest';
import { BUILTIN_UI_ORIGINS } from './origins';
import { activeNamespaces, defaultSettings, encodingNamespaces, isOriginEnabled, parseSettings, removeRule, ruleForNamespace, upsertRule, type NamespaceRule } from './settings';

const localRule = (id: string, namespace: string, enabled = true): NamespaceRule => ({ id, namespace, enabled, mode: 'local', encodeRequests: true, local: { keyIds: ['k'] } });

describe('settings', () => {
  it('start with no rules, so nothing is decoded until the user says so', () => {
    expect(activeNamespaces(defaultSettings())).toEqual([]);
  });

  it('enable the built-in Web UI origins and the ones the user added, nothing else', () => {
    const settings = { ...defaultSettings(), origins: ['https://temporal.internal.example'] };
    for (const origin of BUILTIN_UI_ORIGINS) expect(isOriginEnabled(settings, origin)).toBe(true);
    expect(isOriginEnabled(settings, 'https://temporal.internal.example')).toBe(true);
    expect(isOriginEnabled(settings, 'http://localhost:3000')).toBe(false);
    expect(isOriginEnabled(settings, 'https://cloud.temporal.io.evil.example')).toBe(false);
  });

  it('keep one rule per namespace: saving a namespace again replaces its rule', () => {
    let settings = upsertRule(defaultSettings(), localRule('a', 'payments'));
    settings = upsertRule(settings, localRule('b', 'payments'));
    expect(settings.rules.map((r) => r.id)).toEqual(['b']);
    expect(ruleForNamespace(settings, 'payments')?.id).toBe('b');
  });

  it('decode only namespaces whose rule is switched on', () => {
    let settings = upsertRule(defaultSettings(), localRule('a', 'payments'));
    settings = upsertRule(settings, localRule('b', 'orders', false));
    expect(activeNamespaces(settings)).toEqual(['payments']);
    expect(activeNamespaces(removeRule(settings, 'a'))).toEqual([]);
  });

  it('encode what the UI sends for enabled rules unless the user turned it off', () => {
    let settings = upsertRule(defaultSettings(), localRule('a', 'payments'));
    settings = upsertRule(settings, { ...localRule('b', 'orders'), encodeRequests: false });
    settings = upsertRule(settings, localRule('c', 'refunds', false));
    expect(parseSettings(JSON.parse(JSON.stringify(settings))).rules.find((r) => r.id === 'a')?.encodeRequests).toBe(true);
    expect(encodingNamespaces(parseSettings(JSON.parse(JSON.stringify(settings))))).toEqual(['payments']);
  });

  it('fall back to defaults when what is stored is damaged, instead of trusting part of it', () => {
    expect(parseSettings(undefined)).toEqual(defaultSettings());
    expect(parseSettings({ version: 1, origins: [], rules: [{ id: 'x', namespace: 'a', enabled: 'yes', mode: 'local' }] })).toEqual(defaultSettings());
    const good = upsertRule(defaultSettings(), localRule('a', 'payments'));
    expect(parseSettings(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });
});
