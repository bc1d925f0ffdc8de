import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { UserError } from '../../util/errors';

/**
 * Writes a text file line by line through a stream, waiting when its buffer is full: a 100k-face tensors
 * file is over 100 MB of text, which is never held in memory as one string.
 */
export async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file);
  const failed = once(stream, 'error').then(([error]: unknown[]) => {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`cannot write ${file}: ${code}`);
  });
  const write = async (): Promise<void> => {
    for (const line of lines) {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
  };
  await Promise.race([write(), failed]);
}
