import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors';

/** Where imported models are copied inside the catalog folder (so the catalog carries them along). */
export const importedModelsDir = path.join('models', 'imported');
/** Where each activation's A/B report is kept, by model id. */
export const reportsDir = path.join('models', 'reports');

/** Copies the named files of a model folder into `target` (created; it must not hold anything yet). */
export async function copyModelFiles(
  source: string,
  files: readonly string[],
  target: string,
): Promise<void> {
  const existing = await fs.readdir(target).catch(() => [] as string[]);
  if (existing.length > 0) throw new UserError(`${target} is not empty: export into a new or empty folder`);
  for (const file of files) {
    const to = path.join(target, file);
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(path.join(source, file), to);
  }
}

/** A file-system-safe model name from a folder's name. */
export function modelNameOf(folder: string): string {
  const base = path
    .basename(path.resolve(folder))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 60);
  return `imported-${base || 'model'}`;
}
