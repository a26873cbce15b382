/**
 * The local keys of the rule form: one row per key (its "Key ID" and "Key"), one of them active for encoding,
 * and the sentences that say how each key reads, as typed or as saved. The keys themselves never come back from
 * the background: a saved key shows only its readings (form and size).
 */
import { readKeyInput, type KeyForm } from '../core/key-input';
import { isTypedSecret } from '../core/secret-text';
import { keyEntryProblems, typedKeyProblem, type KeyEntryProblem } from '../core/settings/rule-keys';
import type { RuleInput } from '../shared/messages/rule-input';
import type { KeyStatus, RuleView } from '../shared/messages/views';

export interface KeyRow {
  /** Stable within the form (React key, the active choice); not saved. */
  row: number;
  keyId: string;
  /** As typed; empty keeps the saved key of a saved row. */
  key: string;
  /** The row shows a key saved under `keyId`, whose id is then fixed (renaming would lose the key). */
  saved: boolean;
}

export interface KeyRows {
  rows: KeyRow[];
  active: number;
}

let nextRow = 1;
const newRow = (keyId = '', saved = false): KeyRow => ({ row: nextRow++, keyId, key: '', saved });

/** The saved keys of the rule being changed, newest first; or one empty row for a new rule. */
export function initialKeyRows(editing: RuleView | undefined): KeyRows {
  const ids = editing?.keyIds ?? [];
  const rows = ids.length ? ids.map((id) => newRow(id, true)) : [newRow()];
  const active = rows.find((r) => r.keyId === editing?.activeKeyId) ?? rows[0]!;
  return { rows, active: active.row };
}

/** A new key goes first (keys are listed newest first); making it active is the user's choice. */
export function withNewRow({ rows, active }: KeyRows): KeyRows {
  return { rows: [newRow(), ...rows], active };
}

export function withoutRow({ rows, active }: KeyRows, row: number): KeyRows {
  const left = rows.filter((r) => r.row !== row);
  const kept = left.length ? left : [newRow()];
  return { rows: kept, active: kept.some((r) => r.row === active) ? active : kept[0]!.row };
}

export function withRowChanged(keys: KeyRows, row: number, change: Partial<Pick<KeyRow, 'keyId' | 'key'>>): KeyRows {
  return { ...keys, rows: keys.rows.map((r) => (r.row === row ? { ...r, ...change } : r)) };
}

/** What the rule input carries: every key (an empty key keeps the saved one), and the active key's id. */
export function keysInput({ rows, active }: KeyRows): Pick<RuleInput, 'keys' | 'activeKeyId'> {
  const keys = rows.map((r) => (r.key ? { keyId: r.keyId, key: r.key } : { keyId: r.keyId }));
  const activeRow = rows.find((r) => r.row === active) ?? rows[0];
  return { keys, ...(activeRow ? { activeKeyId: activeRow.keyId.trim() } : {}) };
}

/**
 * Why a row cannot be saved, by row (rule-keys.ts): its key ID listed twice, no key pasted or saved under it, or a key
 * pasted that is not one (said as it is typed in the row's hint; marked on the field only when the form is saved, so
 * a key being typed is not announced as invalid at each character).
 */
export function keyRowProblems({ rows }: KeyRows, savedKeys: Readonly<Record<string, Pick<KeyStatus, 'present'>>> | undefined): Map<number, KeyEntryProblem> {
  const problems = keyEntryProblems(rows.map((r) => ({ keyId: r.keyId, given: isTypedSecret(r.key), saved: r.saved && savedKeys?.[r.keyId]?.present === true })));
  return new Map(
    rows.flatMap((r, i) => {
      const problem = problems[i] ?? (isTypedSecret(r.key) ? typedKeyProblem(r.keyId, r.key) : undefined);
      return problem ? [[r.row, problem] as const] : [];
    }),
  );
}

export interface TypedKey {
  ok: boolean;
  sentence: string;
}

/** What a typed key reads as, said while typing; undefined while nothing is typed. */
export function typedKeySentence(text: string): TypedKey | undefined {
  if (!isTypedSecret(text)) return undefined;
  const reading = readKeyInput(text);
  return { ok: reading.ok, sentence: reading.sentence };
}

const reading = ({ form, bytes }: { form: KeyForm; bytes: number }) => `${bytes} bytes of ${form} (AES-${bytes * 8})`;

/** How a saved key reads, and which reading the payloads confirmed when it could be several. */
export function savedKeySentence(status: KeyStatus | undefined): string {
  if (status?.forgotten) return 'The key kept under this ID until the browser closed or Payload Lens updated is gone: paste it again.';
  if (!status?.present) return 'No key is saved under this ID: paste it.';
  const { readings, confirmedForm } = status;
  if (readings.length === 0) return 'The saved key is not 16 or 32 bytes in any form: paste it again.';
  if (readings.length === 1) return `A key is saved, read as ${reading(readings[0]!)}. Leave this empty to keep it.`;
  const options = readings.map(reading).join(' or ');
  const used = readings.find((r) => r.form === confirmedForm);
  return used
    ? `A key is saved; it could be ${options}, and the payloads showed it is ${used.form}: ${reading(used)}. Leave this empty to keep it.`
    : `A key is saved; it could be ${options}, and no payload has shown which yet: the first one decoded decides. Leave this empty to keep it.`;
}
