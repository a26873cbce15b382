import { describe, expect, it } from 'vitest';
import { BUILTIN_UI_ORIGINS } from '../core/origins';
import type { Rule, Settings } from '../core/settings/schema';
import { memorySettings } from './test-support/stores';
import { createAccessRelease, patternsNoLongerUsed } from './unused-access';

const ADDED = 'https://temporal.example.com';
const CODEC = 'https://codec.example.com';
/** Chromium's patterns keep the port. */
const chromiumPattern = (origin: string) => `${origin}/*`;
/** Firefox's have none (src/shared/compat.ts). */
const firefoxPattern = (origin: string) => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;

const codecRule = (endpoint: string) => ({ id: 'r1', remote: { endpoint } }) as unknown as Rule;
const settingsWith = (origins: string[], rules: Rule[] = []): Pick<Settings, 'origins' | 'rules'> => ({ origins, rules });

describe('the patterns no longer used', () => {
  it('are those of released addresses nothing in the settings uses any more, each once', () => {
    expect(patternsNoLongerUsed([ADDED, CODEC, ADDED], settingsWith([]), chromiumPattern)).toEqual([`${ADDED}/*`, `${CODEC}/*`]);
  });

  it('leave out an address still listed, still a rule’s codec server, or built in', () => {
    expect(patternsNoLongerUsed([ADDED, CODEC, BUILTIN_UI_ORIGINS[0]!], settingsWith([ADDED], [codecRule(`${CODEC}/codec`)]), chromiumPattern)).toEqual([]);
  });

  it('leave out a pattern another address in use shares: in Firefox a port is no part of it', () => {
    const released = 'http://localhost:9000';
    expect(patternsNoLongerUsed([released], settingsWith([]), chromiumPattern)).toEqual([`${released}/*`]);
    expect(patternsNoLongerUsed([released], settingsWith([]), firefoxPattern)).toEqual([]);
  });
});

describe('giving back access', () => {
  function setup(settings: Pick<Settings, 'origins' | 'rules'>, refuse: string[] = []) {
    const asked: string[][] = [];
    const access = createAccessRelease(
      { settled: async () => ({ settings }) },
      {
        remove: async ({ origins }) => {
          asked.push(origins);
          if (origins.some((pattern) => refuse.includes(pattern))) throw new Error('refused');
          return true;
        },
      },
      chromiumPattern,
    );
    return { access, asked };
  }

  it('asks for one pattern at a time, and goes on past one the browser refuses, without throwing', async () => {
    const { access, asked } = setup(settingsWith([]), [`${ADDED}/*`]);
    await access.release([ADDED, CODEC]);
    expect(asked).toEqual([[`${ADDED}/*`], [`${CODEC}/*`]]);
  });

  it('asks nothing for an address still in use, nor when there is nothing to release', async () => {
    const { access, asked } = setup(settingsWith([ADDED]));
    await access.release([ADDED]);
    await access.release([]);
    expect(asked).toEqual([]);
  });

  it('gives back nothing, and does not throw, when the settings cannot be read', async () => {
    const asked: string[][] = [];
    const access = createAccessRelease({ settled: () => Promise.reject(new Error('no database')) }, { remove: async ({ origins }) => (asked.push(origins), true) }, chromiumPattern);
    await access.release([ADDED]);
    expect(asked).toEqual([]);
  });

  it('counts as used an address a save that reached the background first is storing (another window’s, say)', async () => {
    const { settings } = memorySettings();
    const asked: string[][] = [];
    const access = createAccessRelease(settings, { remove: async ({ origins }) => (asked.push(origins), true) }, chromiumPattern);
    let store = () => {};
    const stored = new Promise<void>((resolve) => (store = resolve));
    const saving = settings.update(async (current) => {
      await stored;
      return { ...current, origins: [ADDED] };
    });
    const releasing = access.release([ADDED, CODEC]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    store();
    await Promise.all([saving, releasing]);
    expect(asked).toEqual([[`${CODEC}/*`]]);
  });
});
