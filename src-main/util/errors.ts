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

/** What a user reads when the catalog's disk is full; the job stops with it, nothing committed is lost. */
export const diskFullMessage =
  'disk full: no space left for the catalog (free some space, then run it again)';

const diskFullPatterns = [
  /no space left/i,
  /disk is full/i,
  /out of disk space/i,
  /\bENOSPC\b/,
  /\bSQLITE_FULL\b/,
];

/**
 * True when an error (or any error it wraps, through `cause`) says the disk is full: SQLite's
 * SQLITE_FULL, Node's ENOSPC, or libvips/libjpeg's words for a failed write.
 */
export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (diskFullPatterns.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
