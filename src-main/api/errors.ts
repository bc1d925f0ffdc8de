import type { ApiErrorBody } from './contract';

/** What kind of failure an error is; each maps to one HTTP status. */
export type ApiErrorCode = ApiErrorBody['error']['code'];

const statusOf: Record<ApiErrorCode, number> = {
  'unknown-command': 404,
  'invalid-input': 400,
  'not-found': 404,
  invalid: 400,
  conflict: 409,
  internal: 500,
};

/** An error as every transport reports it: a code, a message a user can read, an HTTP-like status. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf[this.code];
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
