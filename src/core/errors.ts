// Errors are values: each payload that cannot be decoded carries one of these, and keeps its original form.
import { MAX_DECOMPRESSED_ANSWER_BYTES, MAX_DECOMPRESSED_PAYLOAD_BYTES, formatBytes } from './limits';
import type { Payload } from './payload';
import { QUOTED_CHARS, SERVER_TEXT_CHARS, cut } from './scrub';

/** Every kind, once: the type and the list the tests walk are the same fact. */
export const DECODE_ERROR_KINDS = [
  'unknown-key-id',
  'key-form-unconfirmed',
  'decrypt-failed',
  'malformed',
  'unsupported-encoding',
  'unsupported-cipher',
  'decompressed-too-large',
  'answer-decompressed-too-large',
  'codec-unauthorized',
  'codec-forbidden',
  'codec-not-found',
  'codec-error',
  'codec-timeout',
  'codec-unreachable',
  'codec-redirected',
  'codec-paused',
  'codec-bad-answer',
  'codec-not-encoded',
  'codec-not-decoded',
  'codec-encoded-empty',
  'codec-decoded-in-part',
  'codec-answers-too-large',
  'no-rule',
  'codec-permission-missing',
  'origin-not-enabled',
  'codec-payload-too-large',
  'secret-bound-elsewhere',
  'too-busy',
  'key-not-saved',
  'secret-not-saved',
  'secret-unconfirmed',
  'settings-changed',
  'rule-changed',
  'reply-too-large',
  'payload-over-limits',
  'no-answer',
  'extension-failed',
] as const;

export type DecodeErrorKind = (typeof DECODE_ERROR_KINDS)[number];

/** detail: the key id, the encoding or cipher, or the HTTP status text and the start of the body. */
export interface DecodeError {
  kind: DecodeErrorKind;
  detail?: string;
}

export type DecodeResult = { ok: true; payload: Payload } | { ok: false; error: DecodeError };

export function decodeError(kind: DecodeErrorKind, detail?: string): { ok: false; error: DecodeError } {
  return detail === undefined ? { ok: false, error: { kind } } : { ok: false, error: { kind, detail } };
}

/**
 * A request the background never answered: it stopped under it, or its answer was lost on the way (the relay's wait
 * ran out, a part went missing). The page keeps its payloads, and the tab's tally says this of them.
 */
export const NO_ANSWER_SENTENCE = 'The extension stopped, or its answer was lost, before it finished; reload the page to try again.';

const SENTENCES: Record<DecodeErrorKind, (detail: string | undefined) => string> = {
  'unknown-key-id': (d) =>
    d ? `No local key has the id "${d}" that this payload was encrypted with.` : 'No local key matches the key id this payload was encrypted with.',
  'key-form-unconfirmed': (d) =>
    `The key${d ? ` "${d}"` : ''} can be read in more than one way (hex or text), and no payload has shown which is right yet: open a workflow encrypted with it first, or paste the key as base64.`,
  'decrypt-failed': () => 'The key did not open this payload: it is the wrong key or the data was changed.',
  malformed: (d) => (d ? `The payload is damaged or not in a format the extension reads (${d}).` : 'The payload is damaged or not in a format the extension reads.'),
  'unsupported-encoding': (d) =>
    d ? `The encoding "${d}" cannot be opened with what is set up for this namespace; it needs a codec server that knows it.` : 'This encoding cannot be opened with what is set up for this namespace; it needs a codec server that knows it.',
  'unsupported-cipher': (d) =>
    `This payload was encrypted with ${d ? `“${d}”` : 'a cipher'} that a local key does not open (it opens AES-GCM); it needs a codec server that knows it.`,
  'decompressed-too-large': () => `This payload is larger than ${formatBytes(MAX_DECOMPRESSED_PAYLOAD_BYTES)} when decompressed; it was left as it is.`,
  'answer-decompressed-too-large': () =>
    `The payloads of this answer are larger than ${formatBytes(MAX_DECOMPRESSED_ANSWER_BYTES)} in all when decompressed; this one was left as it is.`,
  'codec-unauthorized': (d) => (d ? `The codec server refused the access token (401): ${d}.` : 'The codec server refused the access token (401).'),
  'codec-forbidden': () => 'The codec server says this token may not decode payloads of this namespace (403).',
  'codec-not-found': () => 'The codec server has no /decode at this address (404): check the endpoint URL.',
  'codec-error': (d) => (d ? `The codec server failed: ${d}.` : 'The codec server failed to decode the payloads.'),
  'codec-payload-too-large': (d) =>
    `This payload${d ? ` (${d})` : ''} is too large for this codec server, which refuses it on its own (413); decoding with a local key has no such limit.`,
  'codec-timeout': () => 'The codec server did not answer in time.',
  'codec-unreachable': () => 'The codec server could not be reached: check the address, your network and CORS/host access.',
  'codec-redirected': () =>
    'The codec server answered with a redirect (to a sign-in page, often), which the extension never follows: use the address it redirects to, or, if it wants you signed in, sign in to it in a tab and turn on “Include browser cookies” for the rule.',
  'codec-paused': (d) =>
    `The codec server is overloaded or down for maintenance and asked to be sent nothing ${d ? `until ${d}` : 'for a while'}, so nothing was sent to it; try again after that, or press “Test” in the rule’s settings to ask it now.`,
  'codec-bad-answer': (d) => (d ? `The codec server answered with something that is not a list of payloads (${d}).` : 'The codec server answered with something that is not a list of payloads.'),
  'codec-not-encoded': (d) =>
    `The codec server gave this payload back unencoded${d ? ` (still ${d})` : ''}, so it was not sent, as Temporal would store it readable; if your codec leaves some payloads as they are on purpose (it only compresses, say), turn off “Encode what the Web UI sends” for this rule.`,
  'codec-not-decoded': (d) => `The codec server gave this payload back as it was${d ? ` (${d})` : ''}, as a codec server does for a namespace or key it has no codec for.`,
  'codec-encoded-empty': () => 'The codec server’s /encode gave this payload back empty, so it was not sent: Temporal would have stored nothing in its place.',
  'codec-decoded-in-part': (d) => `The codec server gave this payload back still encoded${d ? `, as ${d}` : ''}, which the Web UI cannot show; the codec server should remove every layer its workers add.`,
  'codec-answers-too-large': () =>
    `The codec server's answers for these payloads are more than ${formatBytes(MAX_DECOMPRESSED_ANSWER_BYTES)} larger in all than what was sent; this one was left as it is.`,
  'no-rule': () => 'No codec server or local key is set up for this namespace.',
  'origin-not-enabled': (d) => (d ? `Decoding is not enabled on ${d}; add this address in the options page.` : 'Decoding is not enabled on this address; add it in the options page.'),
  'codec-permission-missing': () => 'The extension has not been allowed to reach this codec server; grant access in the options page.',
  'secret-bound-elsewhere': (d) =>
    `A saved secret of this rule belongs to another codec server${d ? ` than ${d}` : ''}, so nothing was sent; save the token (and headers) again for this endpoint.`,
  'too-busy': () => 'The extension already has as much decoding under way as it takes at once, from this tab or from all tabs together; reload the page to try again.',
  'key-not-saved': (d) =>
    `The key${d ? ` "${d}"` : ''} of this rule is no longer saved, as a key not remembered on this device is forgotten when the browser closes or Payload Lens is updated; enter it again in the options page.`,
  'secret-not-saved': (d) =>
    `${d ? `The ${d}` : 'A token or header value'} of this rule is no longer saved, as a secret not remembered on this device is forgotten when the browser closes or Payload Lens is updated, so nothing was sent; enter it again in the options page.`,
  'secret-unconfirmed': (d) =>
    `${d ? `The ${d}` : 'A token or header value'} of this rule came from Payload Lens 0.1.0 and is sent to its codec server only once you confirm that address on the settings page, so nothing was sent.`,
  'settings-changed': () => 'This rule changed, or was switched off, while its payloads were being sent to the codec server, so the rest were not sent; try again to use the rule as it is now.',
  'rule-changed': () =>
    'The rule for this namespace was switched off, removed, or changed so that it no longer applies here, while its payloads were being decoded, so the page keeps them as they were; reload it to use the rules as they are now.',
  'reply-too-large': () => 'These payloads, decoded, are too large together for the extension to hand to the page, so it keeps them as they were.',
  'payload-over-limits': () => 'This payload carries more metadata or external-storage references, or longer names or sizes, than any SDK writes, so the extension does not handle it.',
  'no-answer': () => NO_ANSWER_SENTENCE,
  'extension-failed': () => 'Something went wrong in the extension while decoding this payload, so it was left as it is; the details are in its background console.',
};


/**
 * The error as the Web UI page may see it. A codec server's words, and its address, are for the extension's own
 * pages: the page is told what kind of failure it was, never where the codec server is or what it said, nor the
 * names of the rule's headers.
 */
export function errorForPage(e: DecodeError): DecodeError {
  return e.kind.startsWith('codec-') || e.kind === 'secret-bound-elsewhere' || e.kind === 'secret-not-saved' || e.kind === 'secret-unconfirmed' ? { kind: e.kind } : e;
}

/** Details that quote what a payload claims (a key id, an encoding): a payload can claim anything, at any length. */
const QUOTES_THE_PAYLOAD: ReadonlySet<DecodeErrorKind> = new Set(['unknown-key-id', 'key-form-unconfirmed', 'unsupported-encoding', 'unsupported-cipher', 'key-not-saved', 'codec-not-decoded', 'codec-decoded-in-part']);

/** One plain sentence for the popup and the status chip, never longer than a sentence's worth of detail. */
export function explainError(e: DecodeError): string {
  const detail = e.detail === undefined ? undefined : cut(e.detail, QUOTES_THE_PAYLOAD.has(e.kind) ? QUOTED_CHARS : SERVER_TEXT_CHARS);
  return SENTENCES[e.kind](detail);
}
