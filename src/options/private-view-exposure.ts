/**
 * Private view keeps a namespace's plaintext from the Web UI page, but the page names the namespace it asks about.
 * On an address where another rule shows the page its plaintext and opens the same payloads (through the same codec
 * server, or with a key under the same ID), the page can ask that rule instead. The options page says so, with the
 * private rule, so the user can close the gap.
 */
import { codecOrigin } from '../core/remote/codec-url';
import type { RuleView } from '../shared/messages/views';

const shareAnAddress = (a: RuleView, b: RuleView): boolean =>
  a.addresses === 'every' || b.addresses === 'every' || a.addresses.some((address) => (b.addresses as string[]).includes(address));

/** Whether both decode through one codec server, or with keys of one ID: what one opens, the other may. */
function openTheSame(a: RuleView, b: RuleView): boolean {
  if (a.mode === 'remote' && b.mode === 'remote') {
    const origin = codecOrigin(a.endpoint ?? '');
    return origin !== null && origin === codecOrigin(b.endpoint ?? '');
  }
  return a.mode === 'local' && b.mode === 'local' && a.keyIds.some((id) => b.keyIds.includes(id));
}

/** The rules a page could ask to decode what `rule`, a private-view rule, keeps from it. */
export function privateViewExposedBy(rule: RuleView, rules: readonly RuleView[]): RuleView[] {
  if (!rule.privateView || !rule.enabled) return [];
  return rules.filter((other) => other.id !== rule.id && other.enabled && !other.privateView && shareAnAddress(rule, other) && openTheSame(rule, other));
}
