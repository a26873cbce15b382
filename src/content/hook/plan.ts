/**
 * What the page hook does with one call to the API, decided from the URL, the method and
 * the page's configuration. Shared by the fetch and XMLHttpRequest wrappers so both make
 * the same choice.
 */
import { parseApiRoute } from '../../core/api-route';
import { mayCarryPayloads } from '../../core/request-payloads';
import type { BridgeChannel, PageConfig } from './bridge-channel';

export interface Plan {
  /** Encode the request body's payloads for this namespace. */
  encode?: string;
  /** Decode the answer's payloads for this namespace. */
  decode?: string;
}

/** Cheap and synchronous: anything else passes through without waiting for the bridge. */
export function isApiCall(url: string): boolean {
  return parseApiRoute(url) !== null;
}

export function planFor(channel: BridgeChannel, url: string, method: string, config: PageConfig): Plan {
  const route = parseApiRoute(url);
  if (!route) return {};
  channel.seen(route.namespace);
  const plan: Plan = {};
  if (mayCarryPayloads(method) && config.encode.has(route.namespace)) plan.encode = route.namespace;
  if (route.kind !== 'download' && config.decode.has(route.namespace)) plan.decode = route.namespace;
  return plan;
}

export const hasWork = (plan: Plan): boolean => plan.encode !== undefined || plan.decode !== undefined;
