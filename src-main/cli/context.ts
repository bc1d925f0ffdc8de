import type { Command } from 'commander';
import path from 'node:path';
import { Container } from '../app/container';
import { defaultCatalogDir } from '../platform/paths';

/** Options every command shares. */
export interface GlobalOptions {
  catalog?: string;
  json?: boolean;
}

/** Opens the catalog a command works on: --catalog DIR, else the desktop app's default catalog. */
export function openContainer(options: GlobalOptions): Container {
  const catalogDir = options.catalog ? path.resolve(options.catalog) : defaultCatalogDir();
  return new Container({ catalogDir, shell: 'cli' }).boot();
}

/** Runs a command's work on the catalog, closing it afterwards whatever happens. */
export async function withContainer<T>(
  options: GlobalOptions,
  work: (app: Container) => T | Promise<T>,
): Promise<T> {
  const app = openContainer(options);
  try {
    return await work(app);
  } finally {
    await app.shutdown();
  }
}

/** The options every command takes. */
export function addGlobalOptions(command: Command): Command {
  return command
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line');
}
