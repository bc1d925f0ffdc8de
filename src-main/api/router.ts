import { z } from 'zod';
import { UserError } from '../util/errors';
import {
  commandInputs,
  isCommandName,
  type CommandArgs,
  type CommandName,
  type CommandOutput,
} from './contract';
import { ApiError } from './errors';

export type CommandHandlers = {
  [C in CommandName]: (args: CommandArgs<C>) => CommandOutput<C> | Promise<CommandOutput<C>>;
};

/** Dispatches a command by name after validating its input; every transport calls only this. */
export interface Router {
  invoke(name: string, input: unknown): Promise<unknown>;
}

/** Builds the router over the command handlers. Errors leave as ApiError, never as raw exceptions. */
export function createRouter(handlers: CommandHandlers): Router {
  return {
    async invoke(name, input) {
      if (!isCommandName(name))
        throw new ApiError('unknown-command', `unknown command: ${name.slice(0, 64)}`);
      const parsed = commandInputs[name].safeParse(input ?? {});
      if (!parsed.success) {
        throw new ApiError(
          'invalid-input',
          `${name}: ${z.prettifyError(parsed.error).replaceAll('\n', '; ')}`,
        );
      }
      try {
        const handler = handlers[name] as (args: unknown) => unknown;
        return await handler(parsed.data);
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}

/** Maps a service error to what crosses the boundary; unexpected errors keep only their message. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof UserError) return new ApiError(error.code, error.message);
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}
