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
