/** Filling the options form, in terms any browser driver can provide. */
import type { ExtensionDriver, RuleSpec } from './driver';

export interface FormActions {
  fill(label: string, value: string): Promise<void>;
  /** Chooses a radio button or ticks a checkbox by its label. */
  check(label: string): Promise<void>;
  click(buttonName: string): Promise<void>;
}

/** The Web UI address the fixture Web UI is served at, where rules apply unless a test says otherwise. */
export const FIXTURE_UI_ORIGIN = 'http://localhost:8233';

/**
 * Evaluated in a page: the field that has the keyboard, as a screen reader announces it: its label, whether it is
 * marked invalid, and the first sentence describing it (the problem, when there is one).
 */
export const FOCUSED_FIELD = `(() => { const el = document.activeElement; return [el?.labels?.[0]?.textContent, el?.getAttribute('aria-invalid'), document.getElementById(el?.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent]; })()`;

/** Presses a button of the settings page named by its aria-label, which the Firefox driver does not find by its visible text. */
export const pressLabelled = (extension: ExtensionDriver, label: string) => extension.evaluateInOptions(`(document.querySelector(${JSON.stringify(`button[aria-label="${label}"]`)}).click(), true)`);

/**
 * Presses a button of the settings page, found by its aria-label or else by its text, and evaluates `look` in the same
 * task: what the press changed on the page before the background could answer.
 */
export function pressAndLook<T>(extension: ExtensionDriver, button: string, look: string): Promise<T> {
  const name = JSON.stringify(button);
  return extension.evaluateInOptions<T>(`(() => {
  const button = document.querySelector(${JSON.stringify(`button[aria-label="${button}"]`)}) ?? Array.from(document.querySelectorAll('button')).find((b) => b.textContent.trim() === ${name});
  if (!button) throw new Error('No button ' + ${name} + ' on the settings page.');
  button.click();
  return ${look};
})()`);
}

export async function fillRuleForm(form: FormActions, rule: RuleSpec): Promise<void> {
  await form.fill('Namespace', rule.namespace);
  const addresses = rule.addresses ?? [FIXTURE_UI_ORIGIN];
  for (const address of addresses === 'every' ? ['Every enabled address'] : addresses) await form.check(address);
  await form.check(rule.mode === 'remote' ? 'Codec server' : 'Local key');
  if (rule.mode === 'remote') {
    await form.fill('Codec endpoint', rule.endpoint ?? '');
    await form.fill('Access token', rule.accessToken ?? '');
  } else {
    await form.fill('Key ID', rule.keyId ?? '');
    await form.fill('Key', rule.key ?? '');
  }
  if (rule.privateView) await form.check('Show plaintext only inside Payload Lens');
  if (rule.remember) await form.check('Remember on this device');
  await form.click('Save');
}

export async function addOrigin(form: FormActions, origin: string): Promise<void> {
  await form.fill('Temporal UI address', origin);
  await form.click('Add');
}

/**
 * Back to no rules, and so none of their secrets, on a settings page loaded anew: where the tests of a block that
 * shares a browser start. Through the background's own messages, as the settings page removes a rule.
 */
export async function removeEveryRule(extension: ExtensionDriver): Promise<void> {
  const left = await extension.evaluateInOptions<number>(`(async () => {
    const api = globalThis.browser ?? chrome;
    const state = await api.runtime.sendMessage({ type: 'get-state', body: {} });
    for (const rule of state.value.rules) await api.runtime.sendMessage({ type: 'delete-rule', body: { ruleId: rule.id } });
    return (await api.runtime.sendMessage({ type: 'get-state', body: {} })).value.rules.length;
  })()`);
  if (left !== 0) throw new Error(`${left} rules are left after removing every rule.`);
  await extension.reloadOptions();
}
