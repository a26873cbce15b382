/**
 * One Decoder per rule (as read) and namespace, built from the settings and the secret store: local
 * keys, or the codec server with its credentials. Building one unseals secrets and imports
 * keys, which would otherwise be paid on every API answer, so they are kept until settings
 * or secrets change (`clear`), the background stops, or (past NAMESPACES_KEPT_PER_RULE) their
 * namespace is the rule's least recently used.
 */
import { LRUCache } from 'lru-cache';
import type { Decoder } from '../../core/decode-service';
import type { DecodeError, DecodeResult } from '../../core/errors';
import type { EncodingKeyChoice } from '../../core/local/key-ring';
import { createLocalDecoder } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import { secretsOf, type CodecClient, type CodecTarget } from '../../core/remote/codec-client';
import { scrubServerText } from '../../core/scrub';
import { namespaceMatches } from '../../core/settings/namespace-pattern';
import type { Rule } from '../../core/settings/schema';
import type { SecretStore } from '../storage/secret-store';
import { codecTargetFor, type TargetChoice } from './codec-target';
import type { KeyForms } from './key-forms';
import { activeEncodingKey, explainMissingKeys, localKeysOf, ruleKeys } from './local-keys';

export interface DecoderRegistry {
  decoderFor(rule: Rule, namespace: string): Promise<Decoder>;
  /** Sends what the Web UI sends through the rule's codec server, credentials and scrubbing as for decoding. */
  encodeRemotely(rule: Rule, namespace: string, payloads: Payload[]): Promise<DecodeResult[]>;
  /** The key that encodes what the Web UI sends with a local-key rule, or why there is none. */
  encodingKey(rule: Rule): Promise<EncodingKeyChoice>;
  clear(): void;
}

interface Deps {
  secrets: SecretStore;
  /** Which reading of an ambiguous key input the payloads confirmed. */
  keyForms: KeyForms;
  codecClient: CodecClient;
  /**
   * Users can withdraw access at any time: asked before every call and every request of it (the background answers
   * from origin-access-cache.ts).
   */
  hasOriginAccess(origin: string): Promise<boolean>;
  /** The rule with this id as the settings hold it now: after a change, a call's requests are checked against it. */
  ruleNow(ruleId: string): Promise<Rule | undefined>;
}

/** A rule's codec target as read, and the generation of settings and secrets it was read in (-1: from a rule already replaced). */
interface TargetRead {
  choice: TargetChoice;
  since: number;
}

/**
 * Namespaces whose decoders are kept per rule, the least recently used dropped first. A rule's pattern can match any
 * namespace, and a page on an enabled address chooses which it asks for: without a bound, each new name would grow the
 * background for as long as it lives. Far more than a team switches between; a dropped decoder is built again.
 */
export const NAMESPACES_KEPT_PER_RULE = 64;

const failAll = (payloads: Payload[], error: DecodeError): DecodeResult[] => payloads.map(() => ({ ok: false, error }));

/** What a codec server says about a failure may echo what it was sent: never store or show a secret. */
function scrubbed(results: DecodeResult[], secrets: readonly string[]): DecodeResult[] {
  return results.map((result) =>
    result.ok || result.error.detail === undefined ? result : { ok: false, error: { ...result.error, detail: scrubServerText(result.error.detail, secrets) } },
  );
}

async function digest(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createDecoderRegistry({ secrets, keyForms, codecClient, hasOriginAccess, ruleNow }: Deps): DecoderRegistry {
  // Per rule id: the rule as its decoders were built from it, and a decoder per namespace. The rule is kept once per
  // rule, not per namespace: a page can ask for many namespaces under one rule.
  const decoders = new Map<string, { rule: string; byNamespace: LRUCache<string, Promise<Decoder>> }>();
  // Bumped by `clear`, on every change of settings or secrets.
  let generation = 0;

  /**
   * True while the rule, read again after a change of settings or secrets, would send what `used` sends: the same
   * address, token, ID token, headers and cookies, for the namespace (and, encoding, while it still encodes). Read
   * once per change for each call under way, and only once there was one. A rule switched off, or narrowed to leave
   * the namespace out, stops its calls only if it was on and took the namespace in when they began: the history-file
   * page decodes a file with whichever rule the user picks, for whichever namespace the user names.
   */
  function stillSends(rule: Rule, namespace: string, used: CodecTarget, since: number, op: 'decode' | 'encode'): () => boolean | Promise<boolean> {
    let checked: { generation: number; same: Promise<boolean> } | undefined;
    const readAgain = async (): Promise<boolean> => {
      const now = await ruleNow(rule.id);
      if (!now || (rule.enabled && !now.enabled)) return false;
      if (namespaceMatches(rule.namespace, namespace) && !namespaceMatches(now.namespace, namespace)) return false;
      if (op === 'encode' && !now.encodeRequests) return false;
      const choice = await codecTargetFor(now, namespace, secrets);
      return choice.ok && JSON.stringify(choice.target) === JSON.stringify(used);
    };
    return () => {
      if (generation === since) return true;
      if (checked?.generation !== generation) checked = { generation, same: readAgain().catch(() => false) };
      return checked.same;
    };
  }

  async function remoteCall(
    op: 'decode' | 'encode',
    rule: Rule,
    namespace: string,
    { choice, since }: TargetRead,
    payloads: Payload[],
    call: (target: CodecTarget) => Promise<DecodeResult[]>,
  ): Promise<DecodeResult[]> {
    if (!choice.ok) return failAll(payloads, choice.error);
    const { origin } = choice;
    if (!(await hasOriginAccess(origin))) return failAll(payloads, { kind: 'codec-permission-missing', detail: origin });
    const target: CodecTarget = { ...choice.target, mayReach: () => hasOriginAccess(origin), current: stillSends(rule, namespace, choice.target, since, op) };
    return scrubbed(await call(target), secretsOf(choice.target));
  }

  /**
   * The rule's codec target, and the generation its requests are checked from. The caller read the rule before: if it
   * changed in between (a `clear` may already have counted the change), every request is checked against the rule as
   * it is now (since -1), as after any later change.
   */
  async function readTarget(rule: Rule, namespace: string): Promise<TargetRead> {
    const since = generation;
    const choice = await codecTargetFor(rule, namespace, secrets);
    // Nothing is sent with a target that could not be read: no need to read the settings for it.
    const replaced = choice.ok && JSON.stringify(await ruleNow(rule.id)) !== JSON.stringify(rule);
    return { choice, since: replaced ? -1 : since };
  }

  async function build(rule: Rule, namespace: string): Promise<Decoder> {
    if (rule.mode === 'local') {
      const ruleKeyList = await ruleKeys(rule, secrets, keyForms);
      const keys = localKeysOf(ruleKeyList);
      const local = createLocalDecoder(keys, {
        onKeyConfirmed(id, form) {
          const key = ruleKeyList.find((k) => k.id === id);
          // Only an input with several readings has anything to remember.
          if (key && form && key.readings.length > 1) void keyForms.confirm(rule.id, id, key.text, form).catch(() => undefined);
        },
      });
      // The key bytes are part of the cache identity: a replaced key must not serve old results.
      const identity = await digest(keys.map((k) => `${k.id}=${Array.from(k.key).join(',')}`).join(';'));
      return { id: `local:${identity}`, decode: async (payloads) => explainMissingKeys(await local.decode(payloads), rule, keys) };
    }
    const read = () => readTarget(rule, namespace);
    const first = await read();
    const { choice } = first;
    const identity = choice.ok ? await digest([choice.target.endpoint, ...secretsOf(choice.target)].join('\n')) : 'unusable';
    return {
      id: `remote:${rule.id}:${identity}`,
      // The target and its secrets are read once, with the decoder, which `clear` drops when settings or secrets
      // change: reading them from storage on every answer put a few milliseconds before each answer's first
      // request. A target that could not be read (a secret not saved, or storage failing for a moment) is read
      // again for each answer, so that a passing failure does not stay. Access to its origin is asked about before
      // every request: the user can withdraw it at any time.
      // After a change, each request goes only while the rule would still send the same (stillSends).
      // Late results (found after a timeout) go only to the cache, which keeps successes alone.
      decode: async (payloads, onLate) =>
        remoteCall('decode', rule, namespace, choice.ok ? first : await read(), payloads, (target) => codecClient.decode(target, payloads, onLate)),
      // The question `remoteCall` begins with, asked ahead of it: when the page asks for the namespace's plan, so that
      // the first answer finds a grant (kept for up to a second), and at each answer's first payload the cache cannot
      // answer, so that the browser answers while the rest are looked up. Asked by `remoteCall` alone, an answer's
      // requests waited for a reply that came as a task of its own, behind whatever had come in meanwhile (both
      // directions of a history come together).
      warmUp: choice.ok ? () => void hasOriginAccess(choice.origin).catch(() => undefined) : undefined,
    };
  }

  return {
    decoderFor(rule, namespace) {
      // A call that read the settings just before a change and gets here after `clear` builds from the old rule: its
      // decoders must not serve the answers that come with the new one. A rule read differently from the one the
      // decoders were built from replaces them, so the next call with the new rule replaces them again.
      const ruleText = JSON.stringify(rule);
      let ofRule = decoders.get(rule.id);
      if (ofRule?.rule !== ruleText) decoders.set(rule.id, (ofRule = { rule: ruleText, byNamespace: new LRUCache({ max: NAMESPACES_KEPT_PER_RULE }) }));
      const { byNamespace } = ofRule;
      let decoder = byNamespace.get(namespace);
      if (!decoder) {
        const building = build(rule, namespace);
        byNamespace.set(namespace, building);
        // A failure to build is not kept: the next answer tries again. A late failure never drops a newer decoder: one
        // built after this was dropped from the cache, or in another cache (after a `clear` or a changed rule).
        building.catch(() => {
          if (byNamespace.peek(namespace) === building) byNamespace.delete(namespace);
        });
        decoder = building;
      }
      return decoder;
    },
    encodeRemotely: async (rule, namespace, payloads) =>
      remoteCall('encode', rule, namespace, await readTarget(rule, namespace), payloads, (target) => codecClient.encode(target, payloads)),
    encodingKey: async (rule) => activeEncodingKey(rule, await ruleKeys(rule, secrets, keyForms)),
    clear: () => {
      generation++;
      decoders.clear();
    },
  };
}
