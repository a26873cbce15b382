/**
 * What the administrator set in the browser's managed storage: Chrome's policy for the
 * extension (checked against managed-schema.json first), or Firefox's enterprise policy
 * `3rdparty.Extensions.<id>`. Read once, then again when the browser says it changed
 * (Chrome tells; Firefox reads policies only at start-up).
 *
 * Chrome answers its first read only once its policy service is ready: seconds after the browser starts (about
 * 2.6 s on a fresh start here; others report 3 to 8 s, and some Edge builds never answer), and every decode waits
 * for the policy. So the policy the browser last gave is kept in the extension's IndexedDB and stands in until the
 * browser answers; an answer that differs takes its place and is announced (`onChange`). With nothing kept (the
 * first start), a read waits for the browser up to POLICY_WAIT_MS, then goes on without a policy until it answers.
 * A browser that refuses the read (Firefox, where no policy names the extension) is not asked again until it says the
 * policy changed, or the background starts again.
 */
import type { Storage } from 'webextension-polyfill';
import { POLICY_WAIT_MS } from '../../core/deadlines';
import { frozen } from '../../core/frozen';
import { emptyPolicy, readPolicy, type ManagedPolicy } from '../../core/settings/managed-policy';
import type { KeyValueStore } from './key-value';

export interface ManagedPolicySource {
  read(): Promise<ManagedPolicy>;
  /** Forgets what was read, the browser having said the policy changed: the next read waits for its answer. */
  forget(): void;
}

export interface ManagedPolicySourceOptions {
  /** The browser's managed storage; none on Firefox for Android. */
  area: Pick<Storage.StorageArea, 'get'> | undefined;
  /** Where the policy the browser last gave is kept for the next start: only the extension itself reaches it. */
  kept?: KeyValueStore<unknown> | undefined;
  /** The browser's answer differs from the policy that stood in for it: rules and addresses change with it. */
  onChange?: () => void;
  waitMs?: number;
}

const KEPT = 'last-read';

/** The browser's answer: the stored policy, or nothing when it refused to read one. */
type Answer = { ok: true; stored: unknown } | { ok: false };

/** The same rules, addresses and problems; a problem's date is when it was read, and says nothing of the policy. */
const samePolicy = (a: ManagedPolicy, b: ManagedPolicy): boolean => {
  const undated = (policy: ManagedPolicy) => JSON.stringify({ ...policy, problems: policy.problems.map(({ since: _since, ...problem }) => problem) });
  return undated(a) === undated(b);
};

/**
 * The policy as every reader shares it: every read of the settings joins this one object to them, so it is frozen, and
 * a reader that changed it would throw rather than change it for all.
 */
const sharedPolicy = (stored: unknown): ManagedPolicy => frozen(readPolicy(stored));
const noPolicy = (): ManagedPolicy => frozen(emptyPolicy());

export function createManagedPolicySource({ area, kept, onChange = () => undefined, waitMs = POLICY_WAIT_MS }: ManagedPolicySourceOptions): ManagedPolicySource {
  let reading: Promise<ManagedPolicy> | undefined;
  // What is kept no longer stands in: the browser said the policy changed (until it answers again), or it has no
  // policy to give (Firefox refuses the read), which is its answer for as long as this background lives.
  let outdated = false;
  // Counts forget() calls: an answer to a read asked before the last one is not kept, nor taken as current.
  let generation = 0;
  // Firefox refuses every read where no policy names the extension: what was kept is deleted at the first refusal
  // only, not at each of the many reads that follow.
  let refused = false;

  async function ask(): Promise<Answer> {
    if (!area) return { ok: true, stored: {} };
    try {
      return { ok: true, stored: await area.get(null) };
    } catch {
      // Firefox throws when no policy names the extension (“Managed storage manifest not found”).
      return { ok: false };
    }
  }

  /** The policy kept from the browser's last answer, or none. */
  async function keptPolicy(): Promise<ManagedPolicy | undefined> {
    if (outdated || !kept) return undefined;
    const stored = await kept.get(KEPT).catch(() => undefined);
    return stored === undefined ? undefined : sharedPolicy(stored);
  }

  function load(): Promise<ManagedPolicy> {
    const asked = generation;
    const fromBrowser = ask().then(async (answer): Promise<ManagedPolicy> => {
      if (!answer.ok) {
        // Kept as the answer until the browser says the policy changed: Firefox reads its policies only at start-up,
        // and asking again on every read would put a round trip to the browser before each decode's rule. What was
        // kept goes, before anyone hears of the change, so that no later read can take it up again.
        outdated = true;
        if (!refused) {
          refused = true;
          await kept?.delete([KEPT]).catch(() => undefined);
        }
        return noPolicy();
      }
      if (asked === generation) {
        outdated = false;
        refused = false;
        void kept?.set(KEPT, answer.stored).catch(() => undefined);
      }
      return sharedPolicy(answer.stored);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const standIn = keptPolicy().then((policy) => {
      if (policy || settled) return policy ?? noPolicy();
      return new Promise<ManagedPolicy>((resolve) => (timer = setTimeout(() => resolve(noPolicy()), waitMs)));
    });
    const current: Promise<ManagedPolicy> = Promise.race([fromBrowser.then((policy) => ({ policy, final: true })), standIn.then((policy) => ({ policy, final: false }))]).then(
      ({ policy, final }) => {
        settled = true;
        clearTimeout(timer);
        if (!final) {
          void fromBrowser.then((answer) => {
            if (reading === current) reading = Promise.resolve(answer);
            if (!samePolicy(answer, policy)) onChange();
          });
        }
        return policy;
      },
    );
    return current;
  }

  return {
    read: () => (reading ??= load()),
    forget: () => {
      reading = undefined;
      outdated = true;
      generation += 1;
    },
  };
}
