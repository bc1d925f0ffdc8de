import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Where a worker's entry file lives. Under tsx (development, tests, the CLI) workers run from their
 * TypeScript source next to the caller; in the electron-vite bundle every worker is its own entry emitted
 * beside the main bundle as `<bundledName>.js`, so it resolves against the bundle's own URL.
 */
export function workerUrl(callerUrl: string, sourceRelativePath: string, bundledName: string): URL {
  return callerUrl.endsWith('.ts')
    ? new URL(sourceRelativePath, callerUrl)
    : new URL(`./${bundledName}.js`, callerUrl);
}

/**
 * Starts a worker on an entry file. A `.ts` entry (development, tests, the CLI) is started through a
 * bootstrap that registers tsx inside the worker first: on Node 20 a worker started directly on a .ts file
 * fails with "Unknown file extension" even when the parent runs under tsx or `--import tsx` is passed in
 * execArgv (the hooks do not reach the worker's entry). A bundled `.js` entry starts as it is.
 */
export function spawnWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  // require.resolve picks the "require" condition (index.cjs); the ESM build sits beside it.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const source = `import(${JSON.stringify(api)}).then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true });
}
