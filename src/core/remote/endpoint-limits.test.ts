import { describe, expect, it } from 'vitest';
import { EndpointLimits, type KeptLimit, type LimitMemory } from './endpoint-limits';

/** A memory holding `held`, whose writes are kept in order and settle when the test says. */
function memory(held: unknown = undefined, opts: { read?: () => Promise<unknown> } = {}) {
  const writes: Array<Array<[string, KeptLimit]>> = [];
  const pending: Array<() => void> = [];
  const store: LimitMemory = {
    read: opts.read ?? (async () => held),
    write: (kept) => {
      writes.push(structuredClone(kept));
      return new Promise((resolve) => pending.push(resolve));
    },
  };
  const settleWrites = async () => {
    while (pending.length > 0) pending.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { store, writes, settleWrites };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('endpoint limits kept past the background', () => {
  it('knows, once recalled, what an earlier background learned: whether the endpoint answered, and the limit it found', async () => {
    const held = [
      ['without cookies https://a.example/decode', { accepted: 40_000 }],
      ['without cookies https://b.example/decode', { accepted: 10_000, refused: 30_000 }],
    ];
    const limits = new EndpointLimits(8, memory(held).store);
    await limits.recalled;
    expect(limits.of('without cookies https://a.example/decode').answered).toBe(true);
    expect(limits.of('without cookies https://a.example/decode').limit(96 * 1024)).toBe(96 * 1024);
    expect(limits.of('without cookies https://b.example/decode').limit(96 * 1024)).toBe(15_000);
    expect(limits.of('with cookies https://a.example/decode').answered).toBe(false);
  });

  it('takes in each entry that reads as one and passes over the rest, whatever the memory held', async () => {
    const good = ['k', { accepted: 5 }];
    for (const held of [undefined, null, 'text', 42, { k: { accepted: 5 } }]) {
      const limits = new EndpointLimits(8, memory(held).store);
      await limits.recalled;
      expect(limits.of('k').answered).toBe(false);
    }
    const bad = [['a', { accepted: -1 }], ['b', { accepted: 1.5 }], ['c', { accepted: 5, refused: 0 }], ['d'], [7, { accepted: 5 }], 'e', null, ['f', { accepted: '5' }]];
    const limits = new EndpointLimits(8, memory([...bad, good]).store);
    await limits.recalled;
    expect(limits.of('k').answered).toBe(true);
    for (const key of ['a', 'b', 'c', 'd', 'f']) expect(limits.of(key).answered).toBe(false);
  });

  it('goes on without the memory when it fails to read, throws at once or takes too long', async () => {
    const failing = new EndpointLimits(8, memory(undefined, { read: () => Promise.reject(new Error('gone')) }).store);
    await failing.recalled;
    expect(failing.of('k').answered).toBe(false);
    const throwing = new EndpointLimits(8, {
      read: () => {
        throw new Error('no storage');
      },
      write: async () => undefined,
    });
    await throwing.recalled;
    expect(throwing.of('k').answered).toBe(false);
    const never = new EndpointLimits(8, memory(undefined, { read: () => new Promise(() => undefined) }).store, 20);
    await never.recalled;
    expect(never.of('k').answered).toBe(false);
  });

  it('writes what it learns: the first answer and each lower refusal, not every larger body taken while none was refused', async () => {
    const { store, writes, settleWrites } = memory();
    const limits = new EndpointLimits(8, store);
    await limits.recalled;
    const limit = limits.of('k');
    limit.accepted(1_000);
    await settleWrites();
    expect(writes).toEqual([[['k', { accepted: 1_000 }]]]);
    limit.accepted(2_000);
    await settleWrites();
    expect(writes).toHaveLength(1);
    limit.refused(50_000);
    await settleWrites();
    limit.refused(60_000);
    await settleWrites();
    expect(writes.slice(1)).toEqual([[['k', { accepted: 2_000, refused: 50_000 }]]]);
    // Once something was refused, a larger body taken moves the limit.
    limit.accepted(30_000);
    await settleWrites();
    expect(writes.slice(2)).toEqual([[['k', { accepted: 30_000, refused: 50_000 }]]]);
  });

  it('writes one at a time: what changed meanwhile goes in one more write', async () => {
    const { store, writes, settleWrites } = memory();
    const limits = new EndpointLimits(8, store);
    await limits.recalled;
    limits.of('a').accepted(1);
    await tick();
    limits.of('b').accepted(1);
    limits.of('c').accepted(1);
    await tick();
    expect(writes).toHaveLength(1);
    await settleWrites();
    await settleWrites();
    expect(writes).toHaveLength(2);
    expect(writes[1]!.map(([key]) => key)).toEqual(['a', 'b', 'c']);
  });

  it('writes nothing before the memory was read, and then what it held with what was learned meanwhile', async () => {
    let hand: (held: unknown) => void = () => undefined;
    const { store, writes, settleWrites } = memory(undefined, { read: () => new Promise((resolve) => (hand = resolve)) });
    const limits = new EndpointLimits(8, store, 60_000);
    limits.of('new').accepted(1);
    await tick();
    expect(writes).toHaveLength(0);
    hand([['old', { accepted: 2 }]]);
    await settleWrites();
    // The endpoint this background used stays the most recent.
    expect(writes).toEqual([
      [
        ['old', { accepted: 2 }],
        ['new', { accepted: 1 }],
      ],
    ]);
  });

  it('writes what it held with what was learned, when the memory is read after the answer stopped waiting for it', async () => {
    let hand: (held: unknown) => void = () => undefined;
    const { store, writes, settleWrites } = memory(undefined, { read: () => new Promise((resolve) => (hand = resolve)) });
    const limits = new EndpointLimits(8, store, 5);
    await limits.recalled;
    limits.of('new').accepted(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes).toHaveLength(0);
    hand([['old', { accepted: 2 }]]);
    await settleWrites();
    expect(writes.at(-1)!.map(([key]) => key).sort()).toEqual(['new', 'old']);
  });

  it('makes room for what it recalls only beside the endpoints it has used already', async () => {
    let hand: (held: unknown) => void = () => undefined;
    const limits = new EndpointLimits(2, memory(undefined, { read: () => new Promise((resolve) => (hand = resolve)) }).store, 60_000);
    // An answer for 'live' waits for the recall.
    const live = limits.of('live');
    await tick();
    hand([
      ['x', { accepted: 1 }],
      ['y', { accepted: 1 }],
    ]);
    await limits.recalled;
    expect(limits.of('live')).toBe(live);
    expect(limits.of('y').answered).toBe(true);
  });

  it('keeps only what the server shows last where what it showed disagrees: it was redeployed with another limit', async () => {
    const limits = new EndpointLimits(8);
    const limit = limits.of('k');
    limit.accepted(98_000);
    // It takes less now: the body that passed before no longer holds the limit up.
    limit.refused(98_000);
    expect(limit.limit(200_000)).toBe(49_000);
    // It takes more again: the refusal no longer holds it down.
    limit.accepted(120_000);
    expect(limit.limit(200_000)).toBe(200_000);
    // What an earlier background kept gives way to what this one saw.
    const earlier = limits.of('earlier');
    earlier.refused(60_000);
    earlier.learn({ accepted: 80_000 });
    expect(earlier.limit(200_000)).toBe(30_000);
    const later = limits.of('later');
    later.accepted(90_000);
    later.learn({ accepted: 0, refused: 50_000 });
    expect(later.limit(200_000)).toBe(200_000);
  });

  it('writes no key longer than it keeps, and knows that endpoint all the same', async () => {
    const { store, writes, settleWrites } = memory();
    const limits = new EndpointLimits(8, store);
    await limits.recalled;
    const long = `without cookies https://codec.example/${'n'.repeat(3000)}/decode`;
    limits.of(long).accepted(1);
    limits.of('short').accepted(1);
    await settleWrites();
    await settleWrites();
    expect(writes.at(-1)!.map(([key]) => key)).toEqual(['short']);
    expect(limits.of(long).answered).toBe(true);
  });

  it('keeps the endpoints used last, and a recall of more than it keeps takes those written last', async () => {
    const { store, writes, settleWrites } = memory();
    const limits = new EndpointLimits(2, store);
    await limits.recalled;
    for (const key of ['a', 'b', 'c']) {
      limits.of(key).accepted(1);
      await settleWrites();
    }
    expect(writes.at(-1)!.map(([key]) => key)).toEqual(['b', 'c']);
    const recalled = new EndpointLimits(2, memory([['x', { accepted: 1 }], ...writes.at(-1)!]).store);
    await recalled.recalled;
    // Asked last: asking makes an entry, which would push out one of the others.
    expect(['b', 'c', 'x'].map((key) => recalled.of(key).answered)).toEqual([true, true, false]);
  });
});
