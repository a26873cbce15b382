import { describe, expect, it } from 'vitest';
import { createOriginAccessCache, forgetOnPermissionChange } from './origin-access-cache';

const ORIGIN = 'https://codec.example.com';

/** A browser whose answer the test sets, counting how often it is asked, on a clock the test moves. */
function setup(maxAgeMs = 1000) {
  const browser = { allowed: true, asked: 0, clock: 0 };
  const cache = createOriginAccessCache(
    async () => {
      browser.asked++;
      return browser.allowed;
    },
    maxAgeMs,
    () => browser.clock,
  );
  return { browser, cache };
}

describe('origin access cache', () => {
  it('asks the browser once for the answers of a burst', async () => {
    const { browser, cache } = setup();
    for (let i = 0; i < 5; i++) {
      expect(await cache.has(ORIGIN)).toBe(true);
      browser.clock += 100;
    }
    expect(browser.asked).toBe(1);
  });

  it('sees access withdrawn at the next answer once the browser reports a change', async () => {
    const { browser, cache } = setup();
    await cache.has(ORIGIN);
    browser.allowed = false;
    cache.forget();
    expect(await cache.has(ORIGIN)).toBe(false);
  });

  it('asks again when a grant is older than its age limit, even with no change reported', async () => {
    const { browser, cache } = setup(1000);
    await cache.has(ORIGIN);
    browser.allowed = false;
    browser.clock += 999;
    expect(await cache.has(ORIGIN)).toBe(true);
    browser.clock += 1;
    expect(await cache.has(ORIGIN)).toBe(false);
  });

  it('does not keep a refusal: access granted later counts from the next answer', async () => {
    const { browser, cache } = setup();
    browser.allowed = false;
    expect(await cache.has(ORIGIN)).toBe(false);
    browser.allowed = true;
    expect(await cache.has(ORIGIN)).toBe(true);
    expect(browser.asked).toBe(2);
  });

  it('asks again when the browser reports a change while it answers, and goes by the new answer', async () => {
    const answers: Array<(allowed: boolean) => void> = [];
    const cache = createOriginAccessCache(() => new Promise<boolean>((resolve) => answers.push(resolve)));
    const first = cache.has(ORIGIN);
    cache.forget();
    answers[0]!(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answers).toHaveLength(2);
    answers[1]!(false);
    expect(await first).toBe(false);
  });

  it('counts as refused when permissions keep changing while the browser answers', async () => {
    let asked = 0;
    const cache: ReturnType<typeof createOriginAccessCache> = createOriginAccessCache(async () => {
      asked++;
      cache.forget();
      return true;
    });
    expect(await cache.has(ORIGIN)).toBe(false);
    expect(asked).toBe(3);
  });

  it('counts a grant’s age from when it was asked for, not from when the browser answered', async () => {
    const browser = { clock: 0, asked: 0 };
    const cache = createOriginAccessCache(
      async () => {
        browser.asked++;
        browser.clock += 500;
        return true;
      },
      1000,
      () => browser.clock,
    );
    await cache.has(ORIGIN);
    browser.clock = 999;
    await cache.has(ORIGIN);
    expect(browser.asked).toBe(1);
    browser.clock = 1000;
    await cache.has(ORIGIN);
    expect(browser.asked).toBe(2);
  });

  it('gives the answers that ask while a question is under way its answer, asking the browser once', async () => {
    const answers: Array<(allowed: boolean) => void> = [];
    const cache = createOriginAccessCache(() => new Promise<boolean>((resolve) => answers.push(resolve)));
    const early = cache.has(ORIGIN);
    const later = cache.has(ORIGIN);
    expect(answers).toHaveLength(1);
    answers[0]!(false);
    expect([await early, await later]).toEqual([false, false]);
  });

  it('does not give an answer asked for before a reported change to a question asked after it', async () => {
    const answers: Array<(allowed: boolean) => void> = [];
    const cache = createOriginAccessCache(() => new Promise<boolean>((resolve) => answers.push(resolve)));
    const before = cache.has(ORIGIN);
    cache.forget();
    const after = cache.has(ORIGIN);
    expect(answers).toHaveLength(2);
    answers[0]!(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The question asked before the change goes by the one asked after it.
    expect(answers).toHaveLength(2);
    answers[1]!(false);
    expect([await before, await after]).toEqual([false, false]);
  });

  it('asks again rather than wait on a question older than a grant is kept', async () => {
    const clock = { now: 0 };
    let asked = 0;
    // The first question is never answered.
    const cache = createOriginAccessCache(
      () => (++asked === 1 ? new Promise<boolean>(() => undefined) : Promise.resolve(true)),
      1000,
      () => clock.now,
    );
    void cache.has(ORIGIN);
    clock.now = 999;
    void cache.has(ORIGIN);
    expect(asked).toBe(1);
    clock.now = 1000;
    expect(await cache.has(ORIGIN)).toBe(true);
    expect(asked).toBe(2);
  });

  it('asks again after a question the browser failed to answer', async () => {
    let asked = 0;
    const cache = createOriginAccessCache(async () => {
      asked++;
      if (asked === 1) throw new Error('the browser is shutting down');
      return true;
    });
    await expect(cache.has(ORIGIN)).rejects.toThrow('shutting down');
    expect(await cache.has(ORIGIN)).toBe(true);
    expect(asked).toBe(2);
  });

  it('is cleared by either permission event of the browser', async () => {
    for (const event of ['onAdded', 'onRemoved'] as const) {
      const { browser, cache } = setup();
      const listeners = { onAdded: [] as Array<() => void>, onRemoved: [] as Array<() => void> };
      forgetOnPermissionChange({ onAdded: { addListener: (l) => listeners.onAdded.push(l) }, onRemoved: { addListener: (l) => listeners.onRemoved.push(l) } }, cache);
      await cache.has(ORIGIN);
      browser.allowed = false;
      for (const listener of listeners[event]) listener();
      expect(await cache.has(ORIGIN), event).toBe(false);
    }
  });

  it('keeps each origin apart', async () => {
    const { browser, cache } = setup();
    await cache.has(ORIGIN);
    await cache.has('https://other.example.com');
    expect(browser.asked).toBe(2);
  });
});
