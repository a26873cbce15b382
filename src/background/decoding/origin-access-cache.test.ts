import { describe, expect, it } from 'vitest';
import { createOriginAccessCache } from './origin-access-cache';

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

  it('does not keep a grant the browser gave before a change it reported while the answer was on its way', async () => {
    let answer: (allowed: boolean) => void = () => undefined;
    let asked = 0;
    const cache = createOriginAccessCache(() => {
      asked++;
      return new Promise<boolean>((resolve) => (answer = resolve));
    });
    const first = cache.has(ORIGIN);
    cache.forget();
    answer(true);
    expect(await first).toBe(true);
    void cache.has(ORIGIN);
    expect(asked).toBe(2);
  });

  it('keeps each origin apart', async () => {
    const { browser, cache } = setup();
    await cache.has(ORIGIN);
    await cache.has('https://other.example.com');
    expect(browser.asked).toBe(2);
  });
});
