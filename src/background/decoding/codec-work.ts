/**
 * Decoding an answer's payloads, and encoding what the Web UI sends, with a rule: through
 * the decode service (cache, in-flight sharing). The whole work: callers wait for it within an
 * answer's budget (answer-budget.ts), and may need to know when it really ends.
 */
import { createDecodeService } from '../../core/decode-service';
import { decodeError, type DecodeResult } from '../../core/errors';
import { encryptPayload } from '../../core/local/local-decoder';
import type { Payload } from '../../core/payload';
import type { Rule } from '../../core/settings/schema';
import { isOverLimits } from '../../shared/messages/over-limits';
import type { DecoderRegistry } from './decoder-registry';
import { activeKeyId } from './local-keys';

export interface CodecWork {
  /** `partition` keeps one Web UI address's cached results from answering another's. */
  decode(rule: Rule, namespace: string, partition: string, payloads: Payload[]): Promise<DecodeResult[]>;
  encode(rule: Rule, namespace: string, payloads: Payload[]): Promise<DecodeResult[]>;
  /**
   * Gets the rule's decoder for the namespace ready while the page's first answer is on its way, and has it ask the
   * browser about the codec server: building one reads the rule's secrets from storage, and the browser's answer is a
   * task of its own, which together put tens of milliseconds before the first request after every change of settings
   * and every start of the background. Only a head start: skipped while PREPARED_AT_ONCE are under way.
   */
  prepare(rule: Rule, namespace: string): void;
  /** Settings or secrets changed: forget decoders, and every decoded result (a removed rule leaves no plaintext behind). */
  clear(): void;
}

/**
 * Decoders made ready at once. A page asks for the plan of each namespace it shows, one or two a page; a hostile one
 * could ask for any number, each a decoder to build and a question to the browser, which its decode requests would
 * have to pay for out of the tab's share.
 */
export const PREPARED_AT_ONCE = 2;

export function createCodecWork(registry: DecoderRegistry): CodecWork {
  const service = createDecodeService();
  let preparing = 0;

  async function encodeLocally(rule: Rule, payloads: Payload[]): Promise<DecodeResult[]> {
    const choice = await registry.encodingKey(rule);
    if (!choice.ok) {
      // The active key is one the rule lists: not found, it is no longer saved (not remembered on this device).
      const kind = choice.kind === 'unknown-key-id' ? 'key-not-saved' : choice.kind;
      return payloads.map(() => ({ ok: false, error: { kind, detail: activeKeyId(rule) ?? '' } }));
    }
    const { key } = choice;
    return Promise.all(
      payloads.map((payload) =>
        encryptPayload(payload, key).then(
          (encoded): DecodeResult => ({ ok: true, payload: encoded }),
          (): DecodeResult => ({ ok: false, error: { kind: 'malformed', detail: 'the payload to encode is not valid base64' } }),
        ),
      ),
    );
  }

  return {
    decode: (rule, namespace, partition, payloads) =>
      besideStandIns(payloads, async (within) => service.decode(partition, await registry.decoderFor(rule, namespace), within)),
    encode: (rule, namespace, payloads) =>
      besideStandIns(payloads, (within) => (rule.mode === 'local' ? encodeLocally(rule, within) : registry.encodeRemotely(rule, namespace, within))),
    prepare(rule, namespace) {
      if (preparing >= PREPARED_AT_ONCE) return;
      preparing++;
      registry
        .decoderFor(rule, namespace)
        .then((decoder) => decoder.warmUp?.())
        // A decoder that could not be built is built again for the first answer, which then says why.
        .catch(() => undefined)
        .finally(() => preparing--);
    },
    clear() {
      registry.clear();
      service.clear();
    },
  };
}

/** Runs `work` on the payloads of `payloads` that are not stand-ins (OVER_LIMITS), and fails the stand-ins, in order. */
async function besideStandIns(payloads: Payload[], work: (within: Payload[]) => Promise<DecodeResult[]>): Promise<DecodeResult[]> {
  if (!payloads.some(isOverLimits)) return work(payloads);
  const within = payloads.filter((payload) => !isOverLimits(payload));
  const results = within.length > 0 ? await work(within) : [];
  let next = 0;
  return payloads.map((payload) => (isOverLimits(payload) ? decodeError('payload-over-limits') : results[next++]!));
}
