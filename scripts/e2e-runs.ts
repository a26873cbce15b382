/**
 * How `npm run test:e2e` runs the suite: one Playwright run per browser, both at once, or a single run as Playwright
 * would do it alone.
 *
 * The fixture servers listen on the extension's built-in ports (8233, 8080), so two runs on one network would take
 * each other's ports. In a network namespace of its own, each run has a loopback to itself. The suite spends much of
 * its time waiting (for deadlines, for browsers to start), so the two browsers' runs together take about three
 * quarters of the time one after the other, even on two cores.
 */

export interface E2eRun {
  /** What its lines are prefixed with; empty for a single run, whose output is Playwright's own. */
  name: string;
  /** Whether it runs in a network namespace of its own. */
  isolated: boolean;
  /** Playwright's arguments after `test -c e2e`. */
  args: string[];
}

/**
 * Arguments that choose the browser, another configuration or output directory, or a run to talk to (UI mode, the
 * debugger, an HTML report served on failure: inside a namespace, nothing outside could reach it). These run as
 * Playwright would run them alone.
 */
const SINGLE_RUN_ARGUMENTS = ['--project', '-c', '--config', '--output', '--reporter', '--ui', '--ui-host', '--ui-port', '--debug', '--list', '--help', '-h'];

const choosesSingleRun = (arg: string) => SINGLE_RUN_ARGUMENTS.some((name) => arg === name || arg.startsWith(`${name}=`));

/**
 * The runs for `args`: one per project, each isolated, when namespaces are available (`canIsolate`) and nothing in
 * `args` asks for a single run; otherwise one run with `args` as they are. `outputDir(project)` keeps each run's
 * artifacts apart: Playwright empties its output directory when it starts.
 */
export function planE2eRuns(args: readonly string[], projects: readonly string[], canIsolate: boolean, outputDir: (project: string) => string): E2eRun[] {
  if (!canIsolate || projects.length < 2 || args.some(choosesSingleRun)) return [{ name: '', isolated: false, args: [...args] }];
  return projects.map((project) => ({ name: project, isolated: true, args: [`--project=${project}`, `--output=${outputDir(project)}`, ...args] }));
}

/** A line of a run's output as the terminal shows it: prefixed with the run's name when there are several. */
export function prefixLine(name: string, width: number, line: string): string {
  return name === '' ? line : `${name.padEnd(width)} │ ${line}`;
}
