/**
 * The settings as the background uses them: the user's, stored, joined to the managed
 * policy, which is never stored. Reads give both joined; an update sees them joined (so a
 * user rule may use a managed address, and may not tie a managed rule) and stores only the
 * user's part of the result.
 */
import { frozen } from '../../core/frozen';
import { withPolicy, withoutPolicy, type ManagedPolicy } from '../../core/settings/managed-policy';
import type { SettingsReading } from '../../core/settings/stored-settings';
import type { ManagedPolicySource } from './managed-policy-source';
import type { SettingsStore } from './settings-store';

export interface PolicyReading extends SettingsReading {
  policy: ManagedPolicy;
}

export interface PolicySettingsStore extends SettingsStore {
  /**
   * The user's part a copy of its own, as SettingsStore's; the policy and its rules shared with every reader, frozen
   * (in what an update's change is given too).
   */
  read(): Promise<PolicyReading>;
  current(): Promise<PolicyReading>;
  settled(): Promise<PolicyReading>;
}

export function withManagedPolicy(store: SettingsStore, source: Pick<ManagedPolicySource, 'read'>): PolicySettingsStore {
  const joined = async (user: Promise<SettingsReading>): Promise<PolicyReading> => {
    const [reading, policy] = await Promise.all([user, source.read()]);
    return { ...reading, settings: withPolicy(reading.settings, policy), policy };
  };
  // The user's shared reading and the policy are each kept until they change: so is their join, made once for them.
  let lastJoin: { user: SettingsReading; policy: ManagedPolicy; joined: PolicyReading } | undefined;
  const current = async (): Promise<PolicyReading> => {
    const [user, policy] = await Promise.all([store.current(), source.read()]);
    if (lastJoin?.user !== user || lastJoin.policy !== policy) lastJoin = { user, policy, joined: frozen({ ...user, settings: withPolicy(user.settings, policy), policy }) };
    return lastJoin.joined;
  };
  return {
    read: () => joined(store.read()),
    current,
    settled: () => joined(store.settled()),
    async update(change, steps) {
      // The policy is read in the update's turn, not before it: work asked for after this update waits for it (on a
      // browser's first start that read may wait for the policy to arrive: POLICY_WAIT_MS).
      let policy: ManagedPolicy | undefined;
      const stored = await store.update(async (user) => {
        policy = await source.read();
        return withoutPolicy(await change(withPolicy(user, policy)), user, policy);
      }, steps);
      return withPolicy(stored, policy!);
    },
    inTurn: (work) => store.inTurn(work),
    hasRecord: () => store.hasRecord(),
    /** Whatever it is given, only the user's part is stored. */
    async write(settings) {
      const [reading, policy] = await Promise.all([store.read(), source.read()]);
      await store.write(withoutPolicy(settings, reading.settings, policy));
    },
  };
}
