import { expect } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { UserError } from '../../../src-main/util/errors';

/** The message parseTrainConfig refuses `input` with (fails the test if it accepts it). */
export function refusal(input: unknown): string {
  try {
    parseTrainConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}
