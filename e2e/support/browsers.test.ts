import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, PLAYWRIGHT_ENABLED_FEATURES } from './browsers';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The arguments Playwright starts Chromium with, read by a stand-in for the browser that writes them down and exits. */
async function playwrightArguments(args: string[]): Promise<string[]> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-browser-args-'));
  const written = path.join(dir, 'args');
  const browser = path.join(dir, 'browser');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${written}'\n`, { mode: 0o755 });
  await chromium.launch({ executablePath: browser, args, timeout: 10_000 }).then(
    (launched) => launched.close(),
    () => undefined,
  );
  return readFileSync(written, 'utf8').split('\n');
}

const features = (args: string[]) =>
  args
    .filter((arg) => arg.startsWith('--enable-features='))
    .at(-1)
    ?.slice('--enable-features='.length)
    .split(',') ?? [];

describe('CHROMIUM_FLAGS', () => {
  it('keeps every feature Playwright enables, as Chromium reads only the last list', async () => {
    expect(new Set(features(await playwrightArguments([])))).toEqual(new Set(PLAYWRIGHT_ENABLED_FEATURES));
    expect(features(await playwrightArguments(CHROMIUM_FLAGS))).toEqual(expect.arrayContaining(PLAYWRIGHT_ENABLED_FEATURES));
  });
});
