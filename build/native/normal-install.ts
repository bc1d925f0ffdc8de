// tfjs-node's own install: its script downloads libtensorflow (2.9.1) and a prebuilt addon from Google's
// storage. Where that host answers this is the better route (a current libtensorflow with AVX2); where it
// does not (air-gapped networks that mirror only the npm registry) the attempt must fail fast, not hang.
import https from 'node:https';
import path from 'node:path';
import { runCommand, failureLine } from './run-command.js';

const STORAGE_URL = 'https://storage.googleapis.com/tensorflow/libtensorflow/';

/** Resolves when Google's storage answers an HTTPS request within `timeoutMs`; rejects with why not. */
export function probeStorage(timeoutMs = 8_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.request(STORAGE_URL, { method: 'HEAD', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve();
    });
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    request.on('error', reject);
    request.end();
  });
}

/**
 * Runs tfjs-node's install script in `packageDir` when Google's storage is reachable (or a proxy is
 * configured, which this probe does not speak). Resolves undefined when it ran and exited 0, else the
 * reason it was not used.
 */
export async function tryNormalInstall(packageDir: string): Promise<string | undefined> {
  const proxy = process.env.npm_config_https_proxy ?? process.env.HTTPS_PROXY ?? process.env.https_proxy;
  if (!proxy) {
    try {
      await probeStorage();
    } catch (error) {
      return `storage.googleapis.com unreachable (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  // The script finds node-pre-gyp on PATH, as it would under npm.
  const bin = path.join(packageDir, '..', '..', '.bin');
  const result = await runCommand(process.execPath, [path.join('scripts', 'install.js')], {
    cwd: packageDir,
    timeoutMs: 10 * 60_000,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  if (result.timedOut) return 'its install script timed out';
  return result.code === 0 ? undefined : `its install script failed: ${failureLine(result.output)}`;
}
