import path from 'node:path';
import { Container } from '../app/container';
import { defaultCatalogDir } from '../app/paths';

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
