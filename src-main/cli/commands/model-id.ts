import { UsageError } from '../errors';

/** A model id given on the command line (`--model 7`, `use 7`). */
export function modelId(text: string, what = 'a model id'): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`expected ${what}, got "${text}"`);
  return id;
}
