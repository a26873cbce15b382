/**
 * What the extension adds to one API answer of 1,000 payloads decoded with a local key, against what the same page
 * needs to decrypt those ciphertexts with bare WebCrypto. Each round, in one Chromium tab: the answer fetched and
 * parsed in a namespace without a rule (the page as it is without decoding) and in a namespace decoded with the
 * fixtures' key (fresh ciphertexts each round, so no cache hit), in alternating order; then `crypto.subtle.decrypt`
 * of the same ciphertexts, already bytes, with the key already imported.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { ANSWER_PAYLOADS, UNDECODED_NAMESPACE, answerPath, quietPage } from './answers';
import type { ExtensionBrowser } from './browser/extension-browser';
import { spread, type Spread } from './stats';

export const LOCAL_NAMESPACE = 'bench-local';
/** Answers fetched before the measured ones, each round's answer being the next page of the history. */
export const ANSWER_WARM_UP = 2;
export const ANSWER_ROUNDS = 12;

export interface AnswerRound {
  withoutMs: number;
  withMs: number;
  bareMs: number;
  decoded: number;
}

export interface AnswerOverhead {
  rounds: AnswerRound[];
  /** (with − without) ÷ bare WebCrypto, per round. */
  addedOverBare: Spread;
  withoutMs: Spread;
  withMs: Spread;
  bareMs: Spread;
}

/** Runs in the page: one round. Payloads count as decoded when they arrive as json/plain. */
const ROUND = (without: string, withRule: string, withFirst: boolean) => `(async () => {
  const get = async (url) => {
    const start = performance.now();
    const answer = await (await fetch(url)).json();
    return { ms: performance.now() - start, answer };
  };
  const payloadsOf = (answer) => answer.history.events.flatMap((event) => {
    const found = [];
    const visit = (value) => {
      if (typeof value !== 'object' || value === null) return;
      if (Array.isArray(value.payloads)) found.push(...value.payloads);
      else Object.values(value).forEach(visit);
    };
    visit(event);
    return found;
  });
  let plain, decoded;
  if (${withFirst}) { decoded = await get(${JSON.stringify(withRule)}); plain = await get(${JSON.stringify(without)}); }
  else { plain = await get(${JSON.stringify(without)}); decoded = await get(${JSON.stringify(withRule)}); }
  const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', bytes(${JSON.stringify(FIXTURE_KEY_BASE64)}), 'AES-GCM', false, ['decrypt']);
  const sealed = payloadsOf(plain.answer).map((payload) => bytes(payload.data));
  const start = performance.now();
  await Promise.all(sealed.map((s) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.subarray(0, 12) }, key, s.subarray(12))));
  const bareMs = performance.now() - start;
  const jsonPlain = btoa('json/plain');
  return {
    withoutMs: plain.ms,
    withMs: decoded.ms,
    bareMs,
    decoded: payloadsOf(decoded.answer).filter((p) => p.metadata && p.metadata.encoding === jsonPlain).length,
  };
})()`;

export async function measureAnswerOverhead(browser: ExtensionBrowser, ui: string): Promise<AnswerOverhead> {
  await browser.saveRule({ namespace: LOCAL_NAMESPACE, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await browser.page.goto(quietPage(ui));
  const rounds: AnswerRound[] = [];
  for (let i = 0; i < ANSWER_WARM_UP + ANSWER_ROUNDS; i++) {
    const round = (await browser.page.evaluate(ROUND(answerPath(UNDECODED_NAMESPACE, i), answerPath(LOCAL_NAMESPACE, i), i % 2 === 1))) as AnswerRound;
    if (round.decoded !== ANSWER_PAYLOADS) throw new Error(`the extension decoded ${round.decoded} of ${ANSWER_PAYLOADS} payloads of answer ${i}`);
    if (i >= ANSWER_WARM_UP) rounds.push(round);
  }
  return {
    rounds,
    addedOverBare: spread(rounds.map((r) => (r.withMs - r.withoutMs) / r.bareMs)),
    withoutMs: spread(rounds.map((r) => r.withoutMs)),
    withMs: spread(rounds.map((r) => r.withMs)),
    bareMs: spread(rounds.map((r) => r.bareMs)),
  };
}
