/**
 * An object's entries checked one by one, as valibot's `record` checks them, but every entry kept: `record` leaves out
 * names such as `__proto__`, `constructor` and `prototype`, and a metadata name, a key id or a header name is text
 * someone else chose. An entry left out here would be lost without a word.
 */
import * as v from 'valibot';

type NameSchema = v.GenericSchema<string, string>;

export function ownRecord<TValue extends v.GenericSchema>(name: NameSchema, value: TValue, message = 'Not an object of names and values.') {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainRecord, message),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const output: Record<string, v.InferOutput<TValue>> = {};
      for (const key of Object.keys(input)) {
        const path: [v.ObjectPathItem] = [{ type: 'object', origin: 'key', input, key, value: input[key] }];
        const checkedName = v.safeParse(name, key);
        if (!checkedName.success) {
          addIssue({ message: checkedName.issues[0].message, path });
          return NEVER;
        }
        const checked = v.safeParse(value, input[key]);
        if (!checked.success) {
          addIssue({ message: checked.issues[0].message, path: [{ ...path[0], origin: 'value' }, ...(checked.issues[0].path ?? [])] as [v.IssuePathItem, ...v.IssuePathItem[]] });
          return NEVER;
        }
        // A definition, not an assignment: assigning `__proto__` would set the prototype and drop the entry.
        Object.defineProperty(output, checkedName.output, { value: checked.output, enumerable: true, writable: true, configurable: true });
      }
      return output;
    }),
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names to text, taken as they are (no copy): what a payload's metadata is, on the hot path of every answer.
 */
export const textRecord = (message: string) =>
  v.custom<Record<string, string>>((value) => isPlainRecord(value) && Object.keys(value).every((key) => typeof value[key] === 'string'), message);
