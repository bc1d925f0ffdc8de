// Child processes for the setup steps: output captured (a failed step reports its last line, not pages).
import { spawn, type SpawnOptions } from 'node:child_process';

/** What a finished command printed and how it ended. */
export interface CommandResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/**
 * Runs `command` with `args`, capturing stdout and stderr together; kills it after `timeoutMs`. Never
 * rejects for a non-zero exit: callers decide what a failure means.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
  const { timeoutMs = 10 * 60_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

/** The last non-empty line of a command's output. */
export function lastLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  return lines.filter(Boolean).at(-1) ?? '(no output)';
}

/**
 * The one-line reason of a failed command: the first line that names an error (Node's `Error: ...`, a
 * compiler's `error: ...`, make's `*** ... Error 1`, npm's `ERR!`), not a stack frame; else the last line.
 */
export function failureLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const error = lines.find((line) => /\berror\b|ERR!/i.test(line) && !line.startsWith('at '));
  return error ?? lastLine(output);
}

/** Runs a command and throws `<step>: <last line>` unless it exits 0. Returns its output. */
export async function mustRun(
  step: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.timedOut) throw new Error(`${step}: timed out`);
  if (result.code !== 0) throw new Error(`${step}: ${failureLine(result.output)}`);
  return result.output;
}
