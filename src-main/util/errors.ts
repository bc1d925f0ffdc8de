/**
 * An error the user caused or can fix (a missing folder, an unknown id), as opposed to a bug. Services throw
 * it; transports turn it into a 4xx with its message instead of a 500.
 */
export class UserError extends Error {
  override name = 'UserError';

  constructor(
    message: string,
    readonly code: 'not-found' | 'invalid' | 'conflict' = 'invalid',
  ) {
    super(message);
  }
}
