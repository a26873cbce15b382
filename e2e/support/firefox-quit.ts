/**
 * Quitting a Firefox that puppeteer started, so that another can start on the same profile.
 *
 * Firefox holds its profile's lock until its main process has exited. puppeteer's close() can
 * return before that: it asks over WebDriver BiDi (an answer it may wait minutes for), then
 * gives the process 5 s and sends SIGKILL without waiting for the exit. A Firefox started on
 * the profile before the old one is gone finds the lock taken.
 */
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'puppeteer-core';
import { within } from './within';

/** How long Firefox may take to quit when asked, then to exit once killed. */
const QUIT_MS = 20_000;
const KILLED_EXIT_MS = 5_000;

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Asks Firefox to quit, kills it if it has not after QUIT_MS, and returns once its main process has exited. */
export async function quitFirefox(browser: Browser): Promise<void> {
  const child = browser.process();
  if (!child?.pid) throw new Error('Firefox was not started by this driver: it has no process to wait for.');
  const exited = exitOf(child);
  try {
    await within(
      browser.close().then(() => exited),
      QUIT_MS,
      'Firefox did not quit',
    );
    return;
  } catch (error) {
    console.warn(`${(error as Error).message} Killing process ${child.pid} and its content processes.`);
  }
  await killGroup(child.pid, exited);
}

/** Ends Firefox at once, with its content processes: for a browser whose profile is thrown away. */
export async function killFirefox(browser: Browser): Promise<void> {
  const child = browser.process();
  if (!child?.pid) throw new Error('Firefox was not started by this driver: it has no process to end.');
  await killGroup(child.pid, exitOf(child));
}

async function killGroup(pid: number, exited: Promise<void>): Promise<void> {
  // puppeteer starts Firefox as the leader of a process group its content processes belong to.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // It exited in the meantime.
  }
  await within(exited, KILLED_EXIT_MS, `Firefox (process ${pid}) did not exit when killed, and still holds its profile’s lock`);
}
