import { createRequire } from 'node:module';

/** The app's version from package.json (read once; the bundle and tsx both resolve it). */
export const appVersion: string = (() => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
