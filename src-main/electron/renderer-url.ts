/**
 * Which URLs are the app's own renderer: the one test behind the window's navigation guards and the IPC
 * bridge's sender check. Kept free of electron imports so that it is unit-tested under Node.
 */
import { fileURLToPath } from 'node:url';

/**
 * True when `url` has exactly the dev server's origin (scheme, host and port). A prefix test would let
 * `http://localhost:5173.evil.example` or `http://localhost:51730` pass for `http://localhost:5173`.
 */
export function isAllowedOrigin(url: string, devUrl: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === originOf(devUrl);
}

/**
 * The renderer test for a window: in development the dev server's origin, otherwise exactly the built
 * `index.html` file (with any query or hash), nothing else on the disk.
 */
export function rendererUrlTest(options: {
  devServer?: string | undefined;
  rendererFile: string;
}): (url: string) => boolean {
  const { devServer, rendererFile } = options;
  if (devServer) return (url) => isAllowedOrigin(url, devServer);
  return (url) => filePathOf(url) === rendererFile;
}

/** The origin of an http(s) URL; null for anything else (`file:`, `data:`, opaque origins, garbage). */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The local path of a `file:` URL without its query and hash; null when it is not one. */
function filePathOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:') return null;
    parsed.search = '';
    parsed.hash = '';
    return fileURLToPath(parsed);
  } catch {
    // fileURLToPath refuses file URLs with a remote host (file://evil/x) on POSIX.
    return null;
  }
}
