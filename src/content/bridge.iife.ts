/**
 * Runs in the extension's isolated world on Web UI pages: relays between the page hook
 * and the background, shows the status chip, and holds no tokens, keys or settings. What it
 * needs it is told by the background, for its own page's address. Built as one
 * self-contained script.
 */
import type { PageTally } from '../core/tab-tally';
import { ask, expectBatches, extensionPresent, listenToBackground } from './bridge/background-client';
import { answerPresence, listenToHook, postToHook, replyToHook } from './bridge/hook-channel';
import { createNamespacePlans, INERT_PLAN } from './bridge/namespace-plans';
import { createRelayShare } from './bridge/relay-share';
import { createRequestRelay } from './bridge/request-relay';
import { createStatusChip } from './bridge/status-chip';
import { readableBatch, unansweredReport } from './bridge/unanswered-report';
import type { Unanswered } from '../shared/messages/unanswered';

/**
 * A page opened as the browser starts can ask before the background is up to answer: asked again after these waits
 * before the page is left alone, all within the time the page hook waits for a bridge that said it is starting.
 */
const CONFIG_RETRY_DELAYS_MS = [150, 300, 600, 1200, 2400];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The page's configuration; rejects only when the background has not answered after every retry. `superseded`: a
 * newer ask was made meanwhile, so this one asks no more (a first ask repeated after the newer one was answered
 * would start the page's count afresh, as for a new page, under work already under way).
 */
async function askConfig(initial: boolean, superseded: () => boolean): Promise<{ active: boolean; statusChip: boolean } | undefined> {
  for (const delay of CONFIG_RETRY_DELAYS_MS) {
    try {
      return await ask('tab-config', { initial });
    } catch {
      await pause(delay);
      if (superseded()) return undefined;
    }
  }
  return ask('tab-config', { initial });
}

function startBridge(): void {
  let active: boolean | undefined;
  // Settings can change twice in quick succession: only the newest answer counts.
  let configRequest = 0;
  const chip = createStatusChip(document);
  let pending = 0;
  let tally: PageTally = { decoded: 0, failed: 0, reasons: [] };
  const showChip = () => chip.show({ pending, tally });
  const plans = createNamespacePlans((namespace) => ask('namespace-plan', { namespace }));
  const share = createRelayShare();

  /** The background has given this page its configuration once (the first answer starts the page's tally). */
  let configured = false;
  /** Its last answer did not come: asked again when the page next calls the API, one request at a time. */
  let unanswered = false;
  let askingAgain: Promise<void> | undefined;

  async function refreshConfig(initial: boolean): Promise<void> {
    const request = ++configRequest;
    let config: { active: boolean; statusChip: boolean } | undefined;
    try {
      config = await askConfig(initial, () => request !== configRequest);
    } catch {
      config = undefined;
    }
    if (request !== configRequest) return;
    plans.clear();
    if (!config) {
      // Not answered after every retry (a background busy, or failing): not the same as "nothing to do here". The hook
      // then sends nothing it might have had to encode.
      active = undefined;
      unanswered = true;
      postToHook(window, { type: 'ready', active: false, unanswered: true });
      return;
    }
    configured = true;
    unanswered = false;
    active = config.active;
    chip.setEnabled(config.statusChip);
    if (!initial) postToHook(window, { type: 'config-changed' });
    if (active) expectBatches();
    postToHook(window, { type: 'ready', active });
  }

  /**
   * Tells the background, once the page has its answer, of payloads the bridge answered for itself: the tab's tally
   * counts them, and the chip shows it. Of the batch, only one short enough to be read is kept until then: a refused
   * batch can run to tens of megabytes, and a page can have a score of them refused at once. A report the background
   * does not take is not retried: it has stopped again, or the extension is gone.
   */
  function reportUnanswered(namespace: string, batch: readonly string[], count: number, kind: Unanswered['kind']): void {
    const kept = readableBatch(batch);
    setTimeout(() => void ask('unanswered', unansweredReport(namespace, kept, count, kind)).catch(() => undefined));
  }

  const relay = createRequestRelay({
    share,
    ask,
    reply: (answer, outcomes) => replyToHook(window, answer, outcomes),
    report: reportUnanswered,
    underWay: (change) => {
      pending += change;
      showChip();
    },
  });

  /** An answer with nothing in it: the hook keeps the page's original at once. */
  const refuse = ({ id, type }: { id: number; type: 'decode' | 'encode' }) => replyToHook(window, { type: type === 'decode' ? 'decoded' : 'encoded', id });

  listenToHook(window, {
    onSignal(message) {
      if (message.type === 'hello') {
        // The hook started after our first announcement: tell it again.
        postToHook(window, active !== undefined ? { type: 'ready', active } : unanswered ? { type: 'ready', active: false, unanswered: true } : { type: 'starting' });
        return;
      }
      const { namespace } = message;
      if (active === undefined) {
        // No configuration yet, or none came: no plan either, and the call has the background asked again.
        if (unanswered) askingAgain ??= refreshConfig(!configured).finally(() => (askingAgain = undefined));
        postToHook(window, { type: 'plan', namespace, ...INERT_PLAN, unanswered: true });
        return;
      }
      void plans.planOf(namespace, active).then((answer) => postToHook(window, { type: 'plan', namespace, ...answer }));
    },
    // Where no rule applies the hook asks nothing; whatever asks anyway is not passed on for the background to read.
    onRequest: (message) => (active ? relay(message) : refuse(message)),
    onRefused: refuse,
  });

  answerPresence(window, () => {
    if (extensionPresent()) return true;
    // The counts it shows no longer stand: the page gets its answers as they come from now on.
    chip.setEnabled(false);
    return false;
  });

  listenToBackground({
    // Settings changed in the options page or popup: the page follows without a reload.
    // Until a first ask was answered, the ask is still the page's first: the background starts its count then.
    'config-changed': () => void refreshConfig(!configured),
    'tab-tally': (next) => {
      // Until the background has answered this page's first ask, and so started its tally afresh, a tally pushed to
      // the tab is the page before's (written by its timer after the tab moved on).
      if (!configured) return;
      tally = next;
      showChip();
    },
  });

  postToHook(window, { type: 'starting' });
  void refreshConfig(true);
}

// In Firefox a registered origin's pattern can also match a built-in one (patterns have no
// ports there), so the bridge may be injected twice into one page: run once.
const marker = Symbol.for('payload-lens.bridge');
const world = globalThis as typeof globalThis & { [marker]?: true };
if (!world[marker]) {
  world[marker] = true;
  startBridge();
}
