import { z } from 'zod';

/**
 * zod field schemas that carry the message a user reads, without the field's name: the issue formatter
 * puts the path in front (`"batchSize" must be an integer 1..4096`). One message per field for every way
 * it can be wrong (wrong type, fraction, out of range), so the user learns the whole rule at once.
 */

/** An integer min..max. */
export function integerIn(min: number, max: number) {
  const error = `must be an integer ${min}..${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A number min..max; `above` makes the lower bound exclusive, `below` the upper one. */
export function numberIn(min: number, max: number, open: { above?: boolean; below?: boolean } = {}) {
  const lower = open.above ? `> ${min}` : `>= ${min}`;
  const upper = open.below ? `< ${max}` : `<= ${max}`;
  const error = `must be a number ${lower} and ${upper}`;
  const low = open.above ? z.number({ error }).gt(min, { error }) : z.number({ error }).min(min, { error });
  return open.below ? low.lt(max, { error }) : low.max(max, { error });
}

/** One of a list of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.map((v) => `"${v}"`).join(', ')}` });
}

/** true or false. */
export function flag() {
  return z.boolean({ error: 'must be true or false' });
}

/**
 * An object discriminated by `key` whose options may also be written as the bare string of `key`'s value
 * (`"cosine"` for `{ "type": "cosine" }`).
 */
export function shorthand(key: string, values: readonly string[]) {
  return (input: unknown): unknown =>
    typeof input === 'string' && values.includes(input) ? { [key]: input } : input;
}
