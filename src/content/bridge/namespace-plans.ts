/**
 * The bridge's answers to the page hook's "what do I do in this namespace?", asked of the background once per
 * namespace until the settings change: the page asks on every API call. A failed ask is not kept, and is not taken
 * for "nothing to do here": the hook is told the plan did not come, so it sends nothing it might have had to encode,
 * and the next call asks again.
 */
import type { BackgroundReply } from '../../shared/messages/runtime';

/**
 * Plans kept, the least recently asked for dropped first and asked again when needed: a page naming thousands of
 * namespaces does not grow the bridge, and one left open across more namespaces than this (an account with many, in
 * Temporal Cloud) still gets a plan for each, and so still encodes what it sends there. (The page hook keeps its own
 * copy of each plan, so the bridge is asked once per namespace until the settings change.)
 */
export const MAX_NAMESPACES_KEPT = 200;

type Plan = BackgroundReply<'namespace-plan'>;
export type PlanSignal = Plan & { unanswered?: true };

export const INERT_PLAN: Plan = { decode: false, encode: false, privateView: false, payloadsPerRequest: 0 };

export function createNamespacePlans(askBackground: (namespace: string) => Promise<Plan>) {
  const plans = new Map<string, Promise<PlanSignal>>();
  return {
    /** `active`: the extension works on this page; when it does not, nothing is asked. */
    planOf(namespace: string, active: boolean): Promise<PlanSignal> {
      const known = plans.get(namespace);
      if (known) {
        // The most recently asked for last, in the map's own order.
        plans.delete(namespace);
        plans.set(namespace, known);
        return known;
      }
      if (plans.size >= MAX_NAMESPACES_KEPT) plans.delete(plans.keys().next().value!);
      const asked = active ? askBackground(namespace) : Promise.resolve(INERT_PLAN);
      const plan: Promise<PlanSignal> = asked.catch(() => {
        if (plans.get(namespace) === plan) plans.delete(namespace);
        return { ...INERT_PLAN, unanswered: true as const };
      });
      plans.set(namespace, plan);
      return plan;
    },
    /** The settings changed: every namespace is asked again. */
    clear: () => plans.clear(),
  };
}
