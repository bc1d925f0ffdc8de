/** A mistake in how the command was called: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the faceatlas CLI, as the README documents them. */
export const ExitCode = { ok: 0, fatal: 1, usage: 2 } as const;
