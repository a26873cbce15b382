import type { RuleView } from '../messages/views';

/** A codec server rule for `default` on the local dev UI, with no secret saved, as the extension's pages are shown it. */
export function ruleView(overrides: Partial<RuleView> = {}): RuleView {
  const absent = { present: false, remembered: false };
  return {
    id: 'r1',
    namespace: 'default',
    addresses: ['http://localhost:8233'],
    enabled: true,
    mode: 'remote',
    encodeRequests: true,
    privateView: false,
    askToNarrow: false,
    endpoint: 'https://codec.example.com',
    includeCredentials: false,
    permissionsClaim: 'permissions',
    token: absent,
    idToken: absent,
    headers: [],
    keyIds: [],
    keys: {},
    ...overrides,
  };
}
