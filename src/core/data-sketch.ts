/**
 * Where a payload is kept in a map: a number drawn from its data's length, its first and last characters (an
 * encrypted payload's nonce and authentication tag) and characters spread over the rest. A Map keyed by the data
 * itself hashes each new string whole, and nearly every payload that reaches a cache is a new string (parsed from the
 * message that brought it): about 7 ms of the page's thread for a 1,000-payload answer, and 60 to 150 ms of the
 * background's for a 20,000-event history. Payloads with the same sketch share a place: hardly any encrypted ones,
 * but compressed plaintexts made from one template that differ only between the characters drawn can, and anyone
 * who knows this function can make payloads that do; each map says what it does about it.
 *
 * Free of dependencies: the page hook bundles it.
 */

/** How many of its first and of its last characters a payload's sketch is drawn from, and at how many points between. */
const END_CHARS = 16;
const SPREAD_POINTS = 15;

const mixed = (sketch: number, code: number) => Math.imul(sketch ^ code, 0x01000193);

export function sketchOf(data: string): number {
  const { length } = data;
  let sketch = length;
  for (let at = 0; at < END_CHARS && at < length; at++) sketch = mixed(sketch, data.charCodeAt(at));
  for (let at = Math.max(END_CHARS, length - END_CHARS); at < length; at++) sketch = mixed(sketch, data.charCodeAt(at));
  for (let k = 1; k <= SPREAD_POINTS; k++) sketch = mixed(sketch, data.charCodeAt(Math.floor((k * length) / (SPREAD_POINTS + 1))));
  return sketch;
}
