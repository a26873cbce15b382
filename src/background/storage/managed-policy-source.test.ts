import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from './key-value';
import { createManagedPolicySource } from './managed-policy-source';

const TEAM_UI = 'https://temporal.example.com';
const rule = (id: string) => ({ id, addresses: [TEAM_UI], namespace: 'payments-*', endpoint: 'https://codec.example.com', includeCredentials: true });
const POLICY_A = { origins: [TEAM_UI], rules: [rule('a')] };
const POLICY_B = { origins: [TEAM_UI], rules: [rule('b')] };
const NO_POLICY = { origins: [], rules: [], problems: [] };

/** Managed storage that answers only when the test says so, as Chrome's does at start-up. */
function slowArea() {
  const answers: Array<(stored: Record<string, unknown>) => void> = [];
  const get = vi.fn(() => new Promise<Record<string, unknown>>((resolve) => answers.push(resolve)));
  return { get, answer: (stored: Record<string, unknown>) => answers.splice(0).forEach((resolve) => resolve(stored)) };
}

const ruleIds = (policy: { rules: Array<{ id: string }> }) => policy.rules.map((r) => r.id);

afterEach(() => void vi.useRealTimers());

describe('the managed policy source', () => {
  it('reads managed storage once, and again after forget', async () => {
    const get = vi.fn(async () => POLICY_A);
    const source = createManagedPolicySource({ area: { get } });
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
    await source.read();
    expect(get).toHaveBeenCalledTimes(1);
    source.forget();
    await source.read();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('gives every reader the same policy, which none can change for the others', async () => {
    const source = createManagedPolicySource({ area: { get: async () => POLICY_A } });
    const policy = await source.read();
    expect(await source.read()).toBe(policy);
    expect(() => policy.rules.push(policy.rules[0]!)).toThrow(TypeError);
    expect(() => (policy.rules[0]!.enabled = false)).toThrow(TypeError);
    const none = createManagedPolicySource({ area: { get: () => Promise.reject(new Error('Managed storage manifest not found')) } });
    await expect((none.read() as Promise<{ origins: string[] }>).then((read) => read.origins.push(TEAM_UI))).rejects.toThrow(TypeError);
  });

  it('has no policy where managed storage refuses (Firefox without one) or does not exist', async () => {
    const get = vi.fn(() => Promise.reject(new Error('Managed storage manifest not found')));
    const refusing = createManagedPolicySource({ area: { get } });
    expect(await refusing.read()).toEqual(NO_POLICY);
    // Not asked again on every read (Firefox reads its policies only at start-up), only once the browser says the
    // policy changed.
    await refusing.read();
    expect(get).toHaveBeenCalledTimes(1);
    refusing.forget();
    await refusing.read();
    expect(get).toHaveBeenCalledTimes(2);
    expect(await createManagedPolicySource({ area: undefined }).read()).toEqual(NO_POLICY);
  });

  it('answers at once with the policy kept from the last start while the browser has not answered', async () => {
    const kept = memoryStore<unknown>();
    expect(ruleIds(await createManagedPolicySource({ area: { get: async () => POLICY_A }, kept }).read())).toEqual(['managed:a']);

    // The next start: the browser is slow to answer, with the same policy.
    const area = slowArea();
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area, kept, onChange });
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
    area.answer(POLICY_A);
    await vi.waitFor(() => expect(area.get).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('replaces the kept policy with a different answer of the browser, says so, and keeps the new one', async () => {
    const kept = memoryStore<unknown>({ 'last-read': POLICY_A });
    const area = slowArea();
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area, kept, onChange });
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
    area.answer(POLICY_B);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    expect(ruleIds(await source.read())).toEqual(['managed:b']);
    expect(area.get).toHaveBeenCalledTimes(1);
    expect(kept.data.get('last-read')).toEqual(POLICY_B);
  });

  it('with nothing kept, waits for the browser up to its bound, then goes on without a policy until it answers', async () => {
    vi.useFakeTimers();
    const area = slowArea();
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area, kept: memoryStore(), onChange, waitMs: 8_000 });
    let read: unknown;
    void source.read().then((policy) => (read = policy));
    await vi.advanceTimersByTimeAsync(7_999);
    expect(read).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toEqual(NO_POLICY);

    area.answer(POLICY_A);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
  });

  it('with nothing kept, takes the browser’s answer when it comes within the bound, and says nothing', async () => {
    vi.useFakeTimers();
    const area = slowArea();
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area, kept: memoryStore(), onChange, waitMs: 8_000 });
    const reading = source.read();
    await vi.advanceTimersByTimeAsync(3_000);
    area.answer(POLICY_A);
    expect(ruleIds(await reading)).toEqual(['managed:a']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onChange).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('once the browser said the policy changed, waits for its answer instead of using the kept one', async () => {
    const kept = memoryStore<unknown>({ 'last-read': POLICY_A });
    const area = slowArea();
    const source = createManagedPolicySource({ area, kept });
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
    area.answer(POLICY_A);
    source.forget();
    const reading = source.read();
    await vi.waitFor(() => expect(area.get).toHaveBeenCalledTimes(2));
    area.answer(POLICY_B);
    expect(ruleIds(await reading)).toEqual(['managed:b']);
  });

  it('forgets the kept policy when the browser has none to give (Firefox without one), and says so once', async () => {
    const kept = memoryStore<unknown>({ 'last-read': POLICY_A });
    let refuse: (error: Error) => void = () => undefined;
    const get = vi.fn(() => new Promise<Record<string, unknown>>((_, reject) => (refuse = reject)));
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area: { get }, kept, onChange });
    expect(ruleIds(await source.read())).toEqual(['managed:a']);
    refuse(new Error('Managed storage manifest not found'));
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    expect(kept.data.has('last-read')).toBe(false);
    // Read again (and, the browser having said the policy changed, asked again and refused again): no policy,
    // nothing more to say, and the store is not touched again.
    get.mockImplementation(() => Promise.reject(new Error('Managed storage manifest not found')));
    const deletes = vi.spyOn(kept, 'delete');
    const reads = vi.spyOn(kept, 'get');
    expect(await source.read()).toEqual(NO_POLICY);
    source.forget();
    expect(await source.read()).toEqual(NO_POLICY);
    expect(get).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(deletes).not.toHaveBeenCalled();
    expect(reads).not.toHaveBeenCalled();
  });

  it('does not take the same policy, read again later, for a change, though its refused parts are dated anew', async () => {
    const withProblem = { ...POLICY_A, rules: [...POLICY_A.rules, { ...rule('b'), token: 'not in a policy' }] };
    const kept = memoryStore<unknown>();
    await createManagedPolicySource({ area: { get: async () => withProblem }, kept }).read();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const area = slowArea();
    const onChange = vi.fn();
    const source = createManagedPolicySource({ area, kept, onChange });
    expect((await source.read()).problems).toHaveLength(1);
    area.answer(withProblem);
    await vi.waitFor(() => expect(area.get).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('does not keep an answer to a read asked before the browser said the policy changed', async () => {
    const kept = memoryStore<unknown>({ 'last-read': POLICY_A });
    const area = slowArea();
    const source = createManagedPolicySource({ area, kept });
    await source.read();
    source.forget();
    // The answer to the first read comes only now, with the policy as it was.
    area.answer(POLICY_A);
    await new Promise((resolve) => setImmediate(resolve));
    const reading = source.read();
    await vi.waitFor(() => expect(area.get).toHaveBeenCalledTimes(2));
    area.answer(POLICY_B);
    expect(ruleIds(await reading)).toEqual(['managed:b']);
    expect(kept.data.get('last-read')).toEqual(POLICY_B);
  });
});
