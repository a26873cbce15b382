/**
 * Turns a namespace rule into a Decoder: local keys from the secret store, or the codec
 * server with the rule's token. The endpoint always comes from settings, never from a page.
 */
import { createCodecClient, type CodecTarget } from '../core/remote/codec-client';
import { createDecodeService, type Decoder } from '../core/decode-service';
import { ANSWER_BUDGET_MS } from '../core/deadlines';
import type { DecodeError, DecodeResult } from '../core/errors';
import { parseKeyInput } from '../core/key-input';
import { createLocalDecoder, encryptPayload, type LocalKey } from '../core/local/local-decoder';
import type { Payload } from '../core/payload';
import type { NamespaceRule } from '../core/settings';
import browser from '../shared/browser';
import { hasOriginAccess } from './host-access';
import { SETTINGS_KEY } from '../shared/storage-keys';
import { getSecret, secretNames } from './secret-store';

const codecClient = createCodecClient();

function failing(id: string, error: DecodeError): Decoder {
  return { id, decode: async (payloads: Payload[]): Promise<DecodeResult[]> => payloads.map(() => ({ ok: false, error })) };
}

async function localKeys(rule: NamespaceRule): Promise<LocalKey[]> {
  const keys: LocalKey[] = [];
  for (const id of rule.local?.keyIds ?? []) {
    const text = await getSecret(secretNames.key(rule.id, id));
    const parsed = text === undefined ? undefined : parseKeyInput(text);
    if (parsed?.ok) keys.push({ id, key: parsed.bytes });
  }
  return keys;
}

/** Firefox lets users revoke host access at any time, so it is checked before every call. */
const hasHostPermission = (endpoint: string) => hasOriginAccess(new URL(endpoint).origin);

async function codecTarget(rule: NamespaceRule): Promise<CodecTarget | undefined> {
  const remote = rule.remote;
  if (!remote) return undefined;
  const token = remote.passAccessToken ? await getSecret(secretNames.token(rule.id)) : undefined;
  return {
    endpoint: remote.endpoint,
    namespace: rule.namespace,
    ...(token ? { accessToken: token } : {}),
    headers: remote.headers,
    includeCredentials: remote.includeCredentials,
  };
}

/**
 * Decoders are kept per rule while its settings and secrets stay the same: building one
 * reads and unseals secrets and imports keys, which would otherwise be paid on every API
 * answer. Any change to settings or secrets drops them all; so does a worker restart.
 */
const decoders = new Map<string, Promise<Decoder>>();
/** Results by namespace, codec and payload bytes; in-flight requests shared. */
const decodeService = createDecodeService();
browser.storage.onChanged.addListener((changes) => {
  if (Object.keys(changes).some((key) => key === SETTINGS_KEY || key.startsWith('secret:'))) {
    decoders.clear();
    // A removed rule or key leaves no plaintext behind in memory.
    decodeService.clear();
  }
});

// Requests still running after the answer's budget go on filling the cache, so the next look at the page is decoded.

export async function decodeWithRule(rule: NamespaceRule, payloads: Payload[]): Promise<DecodeResult[]> {
  const decoding = decodeService.decode(rule.namespace, await decoderForRule(rule), payloads);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<DecodeResult[]>((resolve) => {
    const error: DecodeError = { kind: 'codec-timeout', detail: `no complete answer within ${ANSWER_BUDGET_MS / 1000} s` };
    timer = setTimeout(() => resolve(payloads.map(() => ({ ok: false, error }))), ANSWER_BUDGET_MS);
  });
  try {
    return await Promise.race([decoding, late]);
  } finally {
    clearTimeout(timer);
  }
}

function decoderForRule(rule: NamespaceRule): Promise<Decoder> {
  const cacheKey = rule.id;
  let decoder = decoders.get(cacheKey);
  if (!decoder) {
    decoder = buildDecoder(rule);
    decoders.set(cacheKey, decoder);
    // A failure to build is not kept: the next answer tries again.
    decoder.catch(() => decoders.delete(cacheKey));
  }
  return decoder;
}

async function buildDecoder(rule: NamespaceRule): Promise<Decoder> {
  if (rule.mode === 'local') {
    const keys = await localKeys(rule);
    const local = createLocalDecoder(keys);
    // The key bytes are part of the cache identity: a replaced key must not serve old results.
    const fingerprint = await keyFingerprint(keys);
    return { id: `local:${fingerprint}`, decode: (payloads) => local.decode(payloads) };
  }
  const target = await codecTarget(rule);
  if (!target) return failing(`remote:none`, { kind: 'no-rule', detail: rule.namespace });
  const tokenTag = target.accessToken ? await digest(target.accessToken) : 'none';
  const missing: DecodeError = { kind: 'codec-permission-missing', detail: new URL(target.endpoint).origin };
  return {
    id: `remote:${target.endpoint}:${tokenTag}`,
    // Checked on every call, not when the decoder is built: Firefox users can revoke access at any time.
    decode: async (payloads) => ((await hasHostPermission(target.endpoint)) ? codecClient.decode(target, payloads) : payloads.map(() => ({ ok: false, error: missing }))),
  };
}

async function digest(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function keyFingerprint(keys: LocalKey[]): Promise<string> {
  const parts = keys.map((k) => `${k.id}=${Array.from(k.key, (b) => b.toString(16).padStart(2, '0')).join('')}`);
  return digest(parts.join(';'));
}

/**
 * Encodes what the Web UI sends, the way the namespace's workers would: through the codec
 * server's /encode, or with the rule's newest local key in the samples' format.
 */
export async function encodeWithRule(rule: NamespaceRule, payloads: Payload[]): Promise<DecodeResult[]> {
  if (rule.mode === 'local') {
    const [key] = await localKeys(rule);
    if (!key) return payloads.map(() => ({ ok: false, error: { kind: 'unknown-key-id', detail: rule.local?.keyIds[0] ?? '' } }));
    return Promise.all(
      payloads.map((payload) =>
        encryptPayload(payload, key).then(
          (encoded): DecodeResult => ({ ok: true, payload: encoded }),
          (): DecodeResult => ({ ok: false, error: { kind: 'malformed', detail: 'the payload to encode is not valid base64' } }),
        ),
      ),
    );
  }
  const target = await codecTarget(rule);
  if (!target) return payloads.map(() => ({ ok: false, error: { kind: 'no-rule', detail: rule.namespace } }));
  if (!(await hasHostPermission(target.endpoint))) {
    return payloads.map(() => ({ ok: false, error: { kind: 'codec-permission-missing', detail: new URL(target.endpoint).origin } }));
  }
  return codecClient.encode(target, payloads);
}
