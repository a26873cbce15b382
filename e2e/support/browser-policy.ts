/**
 * Starting a browser under an administrator's policy without touching the machine: the
 * policy is written to a temporary folder, and the browser runs in a mount namespace of
 * its own where that folder lies over the one it reads policies from (policy-mount.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GECKO_ID } from '../../scripts/browser-manifest';
import { repoRoot } from '../../test-data/test-data';
import { chromiumExtensionId, TEST_MANIFEST_KEY } from '../fixtures/policy/extension-key';
import { chromiumPath, firefoxPath } from './browsers';

/** Whether this process may make a mount namespace and mount in it (root, and a container that allows it). */
function mayMount(): boolean {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', '--', 'mount', '--bind', os.tmpdir(), os.tmpdir()], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the policy tests cannot run here, or undefined when they can. */
export const policySkipReason =
  process.getuid?.() === 0 && mayMount() ? undefined : 'Policy tests bind-mount the browsers’ policy folders in a mount namespace of their own, which needs root (and a container that allows mounts).';

/** Chromium reads every JSON file in /etc/chromium/policies/managed/ (Debian's build). */
const CHROMIUM_POLICY_ROOT = '/etc/chromium';

/** Firefox reads distribution/policies.json beside its binary (Debian: a link into /usr/share). */
function firefoxDistribution(): string {
  return realpathSync(path.join(path.dirname(realpathSync(firefoxPath())), 'distribution'));
}

export interface PolicyBrowser {
  /** A program that starts the browser under the policy: give it as the browser's executable. */
  executablePath: string;
  /** The manifest key that gives the extension the id the policy names (Chromium only). */
  manifestKey?: string;
  remove(): void;
}

function underPolicy(browserPath: string, over: string, files: Record<string, unknown>): Omit<PolicyBrowser, 'manifestKey'> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-policy-'));
  const folder = path.join(dir, 'policy');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), JSON.stringify(content, null, 2));
  }
  const executablePath = path.join(dir, 'browser');
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const mount = path.join(repoRoot, 'e2e/support/policy-mount.sh');
  writeFileSync(executablePath, `#!/bin/sh\nexec ${[mount, folder, over, browserPath].map(quote).join(' ')} "$@"\n`, { mode: 0o755 });
  return { executablePath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Chromium with `policy` as the extension's managed storage (`3rdparty.extensions.<id>`). */
export function chromiumUnderPolicy(policy: unknown): PolicyBrowser {
  const id = chromiumExtensionId(TEST_MANIFEST_KEY);
  const files = { 'policies/managed/payload-lens.json': { '3rdparty': { extensions: { [id]: policy } } } };
  return { ...underPolicy(chromiumPath(), CHROMIUM_POLICY_ROOT, files), manifestKey: TEST_MANIFEST_KEY };
}

/** Firefox with `policy` as the extension's enterprise policy (`3rdparty.Extensions.<id>`), read at start-up. */
export function firefoxUnderPolicy(policy: unknown): PolicyBrowser {
  const files = { 'policies.json': { policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } } };
  return underPolicy(firefoxPath(), firefoxDistribution(), files);
}
