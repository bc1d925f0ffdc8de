// `npm run setup:native`: provisions TensorFlow.js's native backend (@tensorflow/tfjs-node) so that
// inference (and later training) runs on libtensorflow instead of wasm. In order:
//   1. nothing to do when tfjs-node already loads and computes;
//   2. tfjs-node's own install (libtensorflow 2.9.1 from Google's storage) where that host answers;
//   3. on Linux x64, the npm-registry-only route: libtensorflow 1.15.0 from tfjs-node-lambda-releases,
//      staged as tfjs-node's deps, its binding patched for 1.15's string tensors and built with node-gyp.
// Idempotent; says what it did. On failure it exits 1 with a one-line reason and leaves the wasm fallback
// as it was (a package it installed and could not make work is removed again, as `npm ci` does).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAddon, stageDeps } from './build-addon.js';
import { fetchTarball, LAMBDA_PACKAGE, LIBTENSORFLOW_VERSION, unpackLibrary } from './lambda-archive.js';
import { tryNormalInstall } from './normal-install.js';
import { patchBindingFile } from './patch-binding.js';
import {
  ensurePackage,
  packageDirectory,
  PACKAGE_NAME,
  pinnedVersion,
  removePackage,
} from './tfjs-node-package.js';
import { verifyNativeBackend, type NativeBackendInfo } from './verify.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const cacheDir = process.env.FACEATLAS_NATIVE_CACHE ?? path.join(root, '.native', 'cache');
const started = performance.now();

function say(message: string): void {
  console.log(`setup:native: ${message}`);
}

function seconds(): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

function provisioned(info: NativeBackendInfo, how: string): void {
  say(
    `${how}; ${PACKAGE_NAME} ${info.tfjsNode} on libtensorflow ${info.libtensorflow} loads (backend "${info.backend}") [${seconds()}]`,
  );
}

/** The npm-registry-only route, saying what it does step by step. */
async function lambdaRoute(packageDir: string): Promise<void> {
  const version = pinnedVersion(root);
  if (version !== '4.22.0')
    throw new Error(`the binding patch is written for ${PACKAGE_NAME} 4.22.0, not ${version}`);
  const tarball = await fetchTarball(cacheDir);
  say(
    `${tarball.fetched ? 'fetched' : 'cached'} ${LAMBDA_PACKAGE} (${path.relative(root, tarball.file)}) [${seconds()}]`,
  );
  const library = await unpackLibrary(tarball.file, cacheDir);
  try {
    stageDeps(library.depsDir, packageDir);
    say(
      `staged libtensorflow ${LIBTENSORFLOW_VERSION} (linux-x64 CPU) as ${path.relative(root, packageDir)}/deps [${seconds()}]`,
    );
    const patched = patchBindingFile(
      path.join(packageDir, 'binding', 'tfjs_backend.cc'),
      library.donorSource,
    );
    say(`${patched ? 'patched' : 'already patched'} the binding's string tensors for libtensorflow 1.15`);
  } finally {
    // The tarball stays cached (verified by its hash); what it unpacks to is copied where it belongs.
    fs.rmSync(library.directory, { recursive: true, force: true });
  }
  const addon = await buildAddon(packageDir);
  say(`built ${path.relative(root, addon)} with node-gyp [${seconds()}]`);
}

async function main(): Promise<number> {
  try {
    provisioned(await verifyNativeBackend(root), 'already provisioned, nothing to do');
    return 0;
  } catch {
    // not working yet: provision it below
  }
  const packageDir = packageDirectory(root);
  let installed = false;
  try {
    installed = await ensurePackage(root);
    if (installed)
      say(`installed ${PACKAGE_NAME}@${pinnedVersion(root)} without its install script [${seconds()}]`);
    const notUsed = await tryNormalInstall(packageDir);
    if (notUsed === undefined) {
      provisioned(await verifyNativeBackend(root), "tfjs-node's own install worked");
      return 0;
    }
    say(`tfjs-node's own install not used: ${notUsed}`);
    if (os.platform() !== 'linux' || os.arch() !== 'x64') {
      throw new Error(`the npm-registry-only route is for Linux x64; this is ${os.platform()} ${os.arch()}`);
    }
    await lambdaRoute(packageDir);
    provisioned(await verifyNativeBackend(root), 'provisioned from the npm registry');
    return 0;
  } catch (error) {
    if (installed) removePackage(root);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    say(`native backend not provisioned, inference stays on wasm: ${reason}`);
    return 1;
  }
}

process.exitCode = await main();
