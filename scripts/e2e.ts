/**
 * `npm run test:e2e [-- playwright arguments]`: the end-to-end suite, Chromium and Firefox at once, each in a network
 * namespace of its own (e2e-runs.ts says why). That needs `unshare` and `ip`, and root, as in CI; without them, or
 * with E2E_ONE_RUN=1, or with arguments that choose a browser, Playwright runs the projects one after the other.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import config from '../e2e/playwright.config.ts';
import { planE2eRuns, prefixLine, type E2eRun } from './e2e-runs.ts';

const root = path.resolve(import.meta.dirname, '..');
const playwright = path.join(root, 'node_modules', '.bin', 'playwright');
const BRING_UP_LOOPBACK = 'ip link set lo up';

/** Whether this process may give a run a network namespace of its own, with its loopback up. */
function canIsolate(): boolean {
  if (process.env.E2E_ONE_RUN === '1') return false;
  return spawnSync('unshare', ['-n', 'sh', '-c', BRING_UP_LOOPBACK], { stdio: 'ignore' }).status === 0;
}

function commandOf(run: E2eRun): [string, string[]] {
  const command = [playwright, 'test', '-c', 'e2e', ...run.args];
  // `exec "$0" "$@"` runs the command with its arguments exactly as given, without a second round of shell quoting.
  return run.isolated ? ['unshare', ['-n', 'sh', '-c', `${BRING_UP_LOOPBACK} && exec "$0" "$@"`, ...command]] : [command[0]!, command.slice(1)];
}

interface Finished {
  run: E2eRun;
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
    child.on('close', (code, signal) => resolve({ run, code: code ?? (signal ? 1 : 0), minutes: (Date.now() - started) / 60_000 }));
  });
  return { child, finished };
}

async function main(): Promise<number> {
  const projects = (config.projects ?? []).flatMap((project) => (project.name ? [project.name] : []));
  const runs = planE2eRuns(process.argv.slice(2), projects, canIsolate(), (project) => path.join(root, 'test-results', project));
  if (runs.length > 1) console.log(`Running ${runs.map((run) => run.name).join(' and ')} at once, each in a network namespace of its own.`);
  const width = Math.max(...runs.map((run) => run.name.length));
  const started = runs.map((run) => start(run, width));
  // Ctrl-C reaches the runs from the terminal: this script stays to pass on what they print as they stop. A
  // termination (CI's timeout) reaches this script alone, so it passes that on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => started.forEach(({ child }) => child.kill('SIGTERM')));
  const results = await Promise.all(started.map(({ finished }) => finished));
  if (runs.length > 1) {
    for (const { run, code, minutes } of results) console.log(`${run.name}: ${code === 0 ? 'passed' : `failed (exit code ${code})`} in ${minutes.toFixed(1)} min`);
  }
  return results.some(({ code }) => code !== 0) ? 1 : 0;
}

process.exitCode = await main();
