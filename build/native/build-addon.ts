// Stages a libtensorflow where tfjs-node looks for it (deps/) and compiles tfjs-node's binding against it
// with node-gyp, into the path node-pre-gyp resolves at run time (lib/napi-v<N>/tfjs_binding.node).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mustRun } from './run-command.js';

/** Replaces `packageDir`/deps with a copy of `depsDir` (symlinks kept: libtensorflow.so -> .so.1 -> ...). */
export function stageDeps(depsDir: string, packageDir: string): void {
  const target = path.join(packageDir, 'deps');
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(depsDir, target, { recursive: true, verbatimSymlinks: true });
}

/** Where tfjs-node will load its addon from: node-pre-gyp's answer for this Node's N-API version. */
export function addonPath(packageDir: string): string {
  const require = createRequire(path.join(packageDir, 'package.json'));
  const nodePreGyp = require('@mapbox/node-pre-gyp') as { find: (packageJson: string) => string };
  return nodePreGyp.find(path.join(packageDir, 'package.json'));
}

/** npm's own node-gyp: the one npm sets for scripts, else the one beside this Node's npm. */
function nodeGypScript(): string {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  const found = candidates.find((file): file is string => Boolean(file && fs.existsSync(file)));
  if (!found) throw new Error('node-gyp not found (run this through npm: npm run setup:native)');
  return found;
}

/**
 * Node's headers for node-gyp: an explicit npm_config_nodedir, else a system Node's (/usr/include/node,
 * as Debian's nodejs package installs them), else node-gyp downloads them (which needs nodejs.org).
 */
function nodeDirectory(): string | undefined {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** Compiles the binding in `packageDir` (20-30 s on two cores) and returns the addon's path. */
export async function buildAddon(packageDir: string): Promise<string> {
  const addon = addonPath(packageDir);
  const napiVersion = /napi-v(\d+)/.exec(addon)?.[1];
  if (!napiVersion) throw new Error(`unexpected addon path ${addon}`);
  const nodedir = nodeDirectory();
  await mustRun(
    'node-gyp',
    process.execPath,
    [
      nodeGypScript(),
      'rebuild',
      '--release',
      `--jobs=max`,
      // The variables binding.gyp expects from node-pre-gyp.
      '--module_name=tfjs_binding',
      `--module_path=${path.dirname(addon)}`,
      `--napi_build_version=${napiVersion}`,
      ...(nodedir ? [`--nodedir=${nodedir}`] : []),
    ],
    { cwd: packageDir, timeoutMs: 10 * 60_000 },
  );
  if (!fs.existsSync(addon)) throw new Error(`node-gyp finished but ${addon} is missing`);
  // Intermediate objects: ~20 MB nobody needs once the addon is in place.
  fs.rmSync(path.join(packageDir, 'build'), { recursive: true, force: true });
  return addon;
}
