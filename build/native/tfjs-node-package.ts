// The @tensorflow/tfjs-node package in node_modules. It is an optional dependency: where its install
// script cannot download libtensorflow, `npm ci` leaves it (and the dependencies only it needs) out, so the
// setup installs it again without running that script, from the version package.json pins.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mustRun } from './run-command.js';

export const PACKAGE_NAME = '@tensorflow/tfjs-node';
// Its GPU twin, which `npm install` brings back from the lock file along with it.
const GPU_PACKAGE_NAME = '@tensorflow/tfjs-node-gpu';
// What tfjs-node requires at run time besides its own files (node-pre-gyp finds the addon).
const RUNTIME_DEPENDENCIES = ['@mapbox/node-pre-gyp', 'google-protobuf', '@tensorflow/tfjs'];

/** The tfjs-node version package.json pins as an optional dependency. */
export function pinnedVersion(root: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    optionalDependencies?: Record<string, string>;
  };
  const version = manifest.optionalDependencies?.[PACKAGE_NAME];
  if (!version) throw new Error(`package.json has no optional dependency ${PACKAGE_NAME}`);
  return version;
}

/** node_modules/@tensorflow/tfjs-node (or another package) of the project. */
export function packageDirectory(root: string, name = PACKAGE_NAME): string {
  return path.join(root, 'node_modules', ...name.split('/'));
}

/** The installed version, or undefined when the package or one of its run-time dependencies is missing. */
export function installedVersion(root: string): string | undefined {
  const directory = packageDirectory(root);
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
      version: string;
    };
    const require = createRequire(path.join(directory, 'package.json'));
    for (const dependency of RUNTIME_DEPENDENCIES) require.resolve(`${dependency}/package.json`);
    return manifest.version;
  } catch {
    return undefined;
  }
}

/**
 * Installs the pinned tfjs-node with its dependencies, without saving to package.json or the lock file and
 * without its install script (the download that failed; this setup decides where libtensorflow comes
 * from). Returns true when it installed, false when the pinned version was already there.
 */
export async function ensurePackage(root: string): Promise<boolean> {
  const version = pinnedVersion(root);
  if (installedVersion(root) === version) return false;
  const gpuDir = packageDirectory(root, GPU_PACKAGE_NAME);
  const gpuBefore = fs.existsSync(gpuDir);
  await mustRun(
    `npm install ${PACKAGE_NAME}@${version}`,
    npmCommand(),
    ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${PACKAGE_NAME}@${version}`],
    { cwd: root },
  );
  // Without its install script the GPU package has no libtensorflow: npm ci had left it out, and so do we.
  if (!gpuBefore) fs.rmSync(gpuDir, { recursive: true, force: true });
  if (installedVersion(root) !== version) throw new Error(`${PACKAGE_NAME}@${version} did not install`);
  return true;
}

/** Removes a package this setup installed and could not make work (npm ci would have left it out). */
export function removePackage(root: string): void {
  fs.rmSync(packageDirectory(root), { recursive: true, force: true });
}

/** npm, from PATH (npm runs its scripts with its own bin folder first). */
export function npmCommand(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}
