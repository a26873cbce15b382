/**
 * "Try a namespace": which rule decides for a namespace typed into the settings, on one Web UI address, the way
 * decoding chooses it (rule-choice.ts), in one sentence.
 */
import { describeNamespaces, isPattern } from './namespace-pattern';
import { ruleFor } from './rule-choice';
import type { Origin, Rule } from './schema';

type Triable = Pick<Rule, 'namespace' | 'addresses' | 'enabled'>;

export type Trial<R> =
  | { kind: 'not-a-name'; reason: string }
  | { kind: 'no-rule' }
  | { kind: 'switched-off'; rule: R }
  | { kind: 'decodes'; rule: R };

export function tryNamespace<R extends Triable>(settings: { origins: readonly Origin[]; rules: readonly R[] }, origin: Origin, input: string): Trial<R> {
  const namespace = input.trim();
  if (namespace === '' || isPattern(namespace) || /\s/.test(namespace)) return { kind: 'not-a-name', reason: 'Type a namespace name, such as payments: no spaces, no *.' };
  const rule = ruleFor(settings, origin, namespace);
  if (rule === undefined) return { kind: 'no-rule' };
  return rule.enabled ? { kind: 'decodes', rule } : { kind: 'switched-off', rule };
}

/** One sentence; `how` says how a rule decodes ("through the codec server https://…"). */
export function trialSentence<R extends Triable>(trial: Trial<R>, input: string, origin: Origin, how: (rule: R) => string): string {
  const namespace = `“${input.trim()}”`;
  switch (trial.kind) {
    case 'not-a-name':
      return trial.reason;
    case 'no-rule':
      return `No rule covers ${namespace} on ${origin}: its payloads are shown as they are.`;
    case 'switched-off':
      return `The rule for ${describeNamespaces(trial.rule.namespace)} wins for ${namespace} on ${origin}, but it is switched off: its payloads are shown as they are.`;
    case 'decodes':
      return `The rule for ${describeNamespaces(trial.rule.namespace)} wins for ${namespace} on ${origin}: decoded ${how(trial.rule)}.`;
  }
}
