/**
 * A list of at most `max` items, its length checked before any item is looked at. A list with hundreds of thousands
 * of wrong items would take seconds to check item by item for a problem its length already says; and a list cloned
 * from another process (a message on a port or channel) can claim billions of entries, holes and all, in a few bytes,
 * which valibot's `array` would walk one by one, building an issue for each.
 */
import * as v from 'valibot';

export function boundedList<const Item extends v.GenericSchema>(item: Item, max: number, tooMany: string) {
  return v.pipe(
    v.custom<Array<v.InferInput<Item>>>((value) => Array.isArray(value), 'Not a list.'),
    v.check((list) => list.length <= max, tooMany),
    v.array(item),
  );
}
