import os from 'node:os';
import path from 'node:path';

/** The product name Electron derives its userData folder from; the CLI computes the same folder. */
export const productName = 'FaceAtlas';

/**
 * Electron's `app.getPath('userData')` for productName "FaceAtlas", computed without Electron so that the
 * CLI, the headless host and the desktop app share one default catalog.
 */
export function defaultCatalogDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), productName);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', productName);
  }
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : null;
  return path.posix.join(configHome ?? path.posix.join(home, '.config'), productName);
}

/** Where a catalog keeps its media: content-addressed so that a crash can never leave a wrong file. */
export const catalogLayout = {
  database: 'catalog.db',
  thumbnails: 'media/thumbs',
  faceCrops: 'media/faces',
} as const;
