import fs from 'node:fs/promises';
import { UserError } from './errors';

/**
 * Makes sure an export goes into a new or empty folder (created when missing), so that nothing of the
 * user's is ever overwritten; any other state is refused with a message that names the folder.
 */
export async function requireEmptyFolder(folder: string): Promise<void> {
  const entries = await fs.readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new UserError(`cannot use ${folder} for the export: ${error.code ?? error.message}`);
  });
  if (entries.length > 0) throw new UserError(`${folder} is not empty: export into a new or empty folder`);
  await fs.mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot create ${folder} for the export: ${error.code ?? error.message}`);
  });
}

/** A CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A TSV field as TensorBoard's projector reads it: no quoting, so tabs and line breaks become spaces. */
export function tsvField(value: string | number): string {
  return String(value).replace(/[\t\r\n]/g, ' ');
}
