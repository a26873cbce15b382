/**
 * `npm run test:e2e [-- playwright arguments]`: the end-to-end suite, Chromium and Firefox at once, each in a network
 * namespace of its own (e2e-runs.ts says why). That needs `unshare` and `ip`, and root, as in CI; without them, with
 * E2E_ONE_RUN=1 or PWDEBUG, or with arguments that want a single run, Playwright runs the projects one after the other.
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import config from '../e2e/playwright.config.ts';
import { planE2eRuns, prefixLine, type E2eRun } from './e2e-runs.ts';

const root = path.resolve(import.meta.dirname, '..');
const playwright = path.join(root, 'node_modules', '.bin', 'playwright');
const BRING_UP_LOOPBACK = 'ip link set lo up';

/** Why the browsers cannot run at once here; undefined when they can. */
function whyNotIsolated(): string | undefined {
  if (process.env.E2E_ONE_RUN === '1') return 'E2E_ONE_RUN=1';
  if (process.env.PWDEBUG) return 'PWDEBUG is set';
  const tried = spawnSync('unshare', ['-n', 'sh', '-c', BRING_UP_LOOPBACK], { stdio: 'ignore' });
  return tried.status === 0 ? undefined : 'no network namespace of their own here (that needs root, unshare and ip)';
}

function commandOf(run: E2eRun): [string, string[]] {
  const command = [playwright, 'test', '-c', 'e2e', ...run.args];
  // `exec "$0" "$@"` runs the command with its arguments exactly as given, without a second round of shell quoting.
  return run.isolated ? ['unshare', ['-n', 'sh', '-c', `${BRING_UP_LOOPBACK} && exec "$0" "$@"`, ...command]] : [command[0]!, command.slice(1)];
}

interface Finished {
  run: E2eRun;
  /** The run's exit code; 128 + the signal's number when a signal stopped it, as a shell reports it. */
  code: number;
  minutes: number;
}

function start(run: E2eRun, width: number): { child: ReturnType<typeof spawn>; finished: Promise<Finished> } {
  const [command, args] = commandOf(run);
  const started = Date.now();
  const piped = run.name !== '';
  // Piped output is not a terminal: keep Playwright's colours when ours is one.
  const env = piped && process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  const child = spawn(command, args, { cwd: root, env, stdio: piped ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (piped) {
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
      createInterface({ input: stream! }).on('line', (line) => out.write(`${prefixLine(run.name, width, line)}\n`));
    }
  }
  const finished = new Promise<Finished>((resolve) => {
    child.on('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve({ run, code: 1, minutes: 0 });
    });
    child.on('close', (code, signal) => resolve({ run, code: code ?? 128 + (signal ? constants.signals[signal] : 0), minutes: (Date.now() - started) / 60_000 }));
  });
  return { child, finished };
}

async function main(): Promise<number> {
  const projects = (config.projects ?? []).flatMap((project) => (project.name ? [project.name] : []));
  // Where the configuration puts test results, relative to itself.
  const outputDir = path.resolve(root, 'e2e', config.outputDir ?? 'test-results');
  const whyNot = whyNotIsolated();
  const runs = planE2eRuns(process.argv.slice(2), projects, whyNot === undefined, (project) => path.join(outputDir, project));
  if (runs.length > 1) console.log(`Running ${runs.map((run) => run.name).join(' and ')} at once, each in a network namespace of its own.`);
  else if (whyNot !== undefined) console.log(`Running the browsers one after the other: ${whyNot}.`);
  const width = Math.max(...runs.map((run) => run.name.length));
  const started = runs.map((run) => start(run, width));
  // Passed on, so that an interrupt or a termination sent to this script alone (an editor's stop button) stops the
  // runs too. From a terminal, or from CI's `timeout`, the runs get it as well: Playwright takes a second interrupt
  // within a second as the same one, and a second termination changes nothing.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => started.forEach(({ child }) => child.kill(signal)));
  const results = await Promise.all(started.map(({ finished }) => finished));
  if (runs.length > 1) {
    for (const { run, code, minutes } of results) console.log(`${run.name}: ${code === 0 ? 'passed' : `failed (exit code ${code})`} in ${minutes.toFixed(1)} min`);
  }
  return results.find(({ code }) => code !== 0)?.code ?? 0;
}

process.exitCode = await main();
