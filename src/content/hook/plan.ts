/**
 * What the page hook does with one call to the API, decided from the URL, the method and
 * the namespace's plan. Shared by the fetch and XMLHttpRequest wrappers so both make the
 * same choice.
 */
import { parseApiRoute, type ApiRoute } from '../../core/api-route';
import { mayCarryPayloads } from '../../core/request-payloads';
import type { BridgeChannel, NamespacePlan } from './bridge-channel';

export interface Plan {
  /** Encode the request body's payloads for this namespace. */
  encode?: string;
  /** Decode the answer's payloads for this namespace. */
  decode?: string;
  /** Decode for the extension's own view only: the page gets its answer untouched. */
  privateView?: boolean;
}

/** Cheap and synchronous: anything that is not an API call passes through without waiting for anything. */
export function apiRouteOf(url: string): ApiRoute | null {
  return parseApiRoute(url);
}

export function planFrom(route: ApiRoute, method: string, namespacePlan: NamespacePlan): Plan {
  const plan: Plan = {};
  if (namespacePlan.encode && mayCarryPayloads(method)) plan.encode = route.namespace;
  if (namespacePlan.decode && route.kind !== 'download') {
    plan.decode = route.namespace;
    if (namespacePlan.privateView) plan.privateView = true;
  }
  return plan;
}

/** The plan, waiting for the bridge only the first time a namespace is seen. */
export async function planFor(channel: BridgeChannel, route: ApiRoute, method: string): Promise<Plan> {
  return planFrom(route, method, channel.knownPlan(route.namespace) ?? (await channel.plan(route.namespace)));
}

export const hasWork = (plan: Plan): boolean => plan.encode !== undefined || plan.decode !== undefined;
