import { describe, expect, it } from 'vitest';
import { createNamespacePlans, INERT_PLAN, MAX_NAMESPACES_KEPT } from './namespace-plans';

const ENCODED = { decode: true, encode: true, privateView: false, payloadsPerRequest: 250 };

/** A background that answers, or fails, as `answers` says, and counts what it was asked. */
function background(answers: Array<'plan' | 'fail'>) {
  const asked: string[] = [];
  const ask = async (namespace: string) => {
    asked.push(namespace);
    if (answers.shift() === 'fail') throw new Error('The extension did not answer.');
    return ENCODED;
  };
  return { ask, asked };
}

describe('the bridge’s plans for the page’s namespaces', () => {
  it('asks the background once per namespace, however often the page asks', async () => {
    const { ask, asked } = background(['plan', 'plan']);
    const plans = createNamespacePlans(ask);
    expect(await plans.planOf('payments', true)).toEqual(ENCODED);
    expect(await plans.planOf('payments', true)).toEqual(ENCODED);
    expect(asked).toEqual(['payments']);
    plans.clear();
    await plans.planOf('payments', true);
    expect(asked).toEqual(['payments', 'payments']);
  });

  it('says a plan that failed did not come, rather than that there is nothing to encode, and asks again next time', async () => {
    const { ask, asked } = background(['fail', 'plan']);
    const plans = createNamespacePlans(ask);
    expect(await plans.planOf('payments', true)).toEqual({ ...INERT_PLAN, unanswered: true });
    expect(await plans.planOf('payments', true)).toEqual(ENCODED);
    expect(asked).toEqual(['payments', 'payments']);
  });

  it('asks nothing where the extension does not work on the page', async () => {
    const { ask, asked } = background([]);
    expect(await createNamespacePlans(ask).planOf('payments', false)).toEqual(INERT_PLAN);
    expect(asked).toEqual([]);
  });

  it('keeps the plans of the namespaces asked for most recently, and asks again for one dropped', async () => {
    const many = background(Array.from({ length: MAX_NAMESPACES_KEPT + 3 }, () => 'plan' as const));
    const plans = createNamespacePlans(many.ask);
    for (let i = 0; i < MAX_NAMESPACES_KEPT; i++) await plans.planOf(`ns-${i}`, true);
    // ns-0 asked for again: ns-1 is now the least recently asked for.
    await plans.planOf('ns-0', true);
    // A page left open across more namespaces still gets a plan for the next one, which encodes what it sends.
    expect(await plans.planOf('one-more', true)).toEqual(ENCODED);
    await plans.planOf('ns-0', true);
    expect(many.asked).toHaveLength(MAX_NAMESPACES_KEPT + 1);
    expect(await plans.planOf('ns-1', true)).toEqual(ENCODED);
    expect(many.asked.slice(-2)).toEqual(['one-more', 'ns-1']);
  });
});
