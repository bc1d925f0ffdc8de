/**
 * CLI output rules: with --json the last line of stdout is exactly one JSON object; everything else
 * (progress, notes) goes to stderr so that scripts can read stdout blindly.
 */
export function printResult(result: unknown, json: boolean, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${human()}\n`);
}

/** A progress line on stderr; rewritten in place on a terminal, one line per call otherwise. */
export function printProgress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${message}`);
  else process.stderr.write(`${message}\n`);
}

/** Ends an in-place progress line so the next output starts on a fresh line. */
export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\n');
}
