// libtensorflow from the npm registry alone: the package tfjs-node-lambda-releases (MIT) ships, for AWS
// Lambda, brotli-compressed tars of a node_modules folder whose @tensorflow/tfjs-node/deps/ holds
// libtensorflow 1.15.0 for linux-x64 CPU (Apache-2.0, built without AVX2/FMA) with its C API headers.
// It is fetched with `npm pack` into a cache folder, never added to package.json: `npm ci` stays lean.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { npmCommand } from './tfjs-node-package.js';
import { mustRun } from './run-command.js';

export const LAMBDA_PACKAGE = 'tfjs-node-lambda-releases@1.6.1';
const TARBALL = 'tfjs-node-lambda-releases-1.6.1.tgz';
// The registry's integrity of that tarball: a cached file is used only when it still matches.
const TARBALL_SHA512 =
  'D275PZpxsKenTuiPnvIE5T+D5JrT4aU9M3EDCedBQKlP0hUB7011Yzg8CAJ6MBIog9Lq90aaEair4yrBBlk61w==';
// The tfjs-node 2.7.0 build: libtensorflow 1.15.0 and 2.7.0's binding source, whose string-tensor code
// speaks 1.15's API (the donor of patch-binding.ts).
const MEMBER = 'package/nodejs12.x-tf2.7.0.br';
const INNER_PREFIX = 'node_modules/@tensorflow/tfjs-node/';
export const LIBTENSORFLOW_VERSION = '1.15.0';

/** What the archive yields, unpacked in the cache. */
export interface LambdaLibrary {
  /** The folder it was unpacked into. */
  directory: string;
  /** deps/ with lib/ (libtensorflow*.so*) and include/ (the C API headers) and the licences. */
  depsDir: string;
  /** tfjs-node 2.7.0's binding/tfjs_backend.cc. */
  donorSource: string;
}

async function sha512(file: string): Promise<string> {
  const hash = crypto.createHash('sha512');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('base64');
}

/** The tarball in `cacheDir`, fetched with `npm pack` unless a verified copy is already there. */
export async function fetchTarball(cacheDir: string): Promise<{ file: string; fetched: boolean }> {
  const file = path.join(cacheDir, TARBALL);
  if (fs.existsSync(file) && (await sha512(file)) === TARBALL_SHA512) return { file, fetched: false };
  fs.mkdirSync(cacheDir, { recursive: true });
  await mustRun(
    `npm pack ${LAMBDA_PACKAGE}`,
    npmCommand(),
    ['pack', LAMBDA_PACKAGE, '--pack-destination', cacheDir, '--silent'],
    { cwd: cacheDir },
  );
  if ((await sha512(file)) !== TARBALL_SHA512) throw new Error(`${TARBALL} does not match its integrity`);
  return { file, fetched: true };
}

/**
 * Unpacks deps/ and the donor binding source from the tarball into a fresh folder in `cacheDir` (streamed:
 * gzip tar -> the .br member -> brotli -> tar; ~250 MB written, ~10 s). Uses the system tar, which every
 * Linux has; the route is Linux-only anyway. The caller removes `library.directory` when done with it.
 */
export async function unpackLibrary(tarball: string, cacheDir: string): Promise<LambdaLibrary> {
  const directory = fs.mkdtempSync(path.join(cacheDir, `libtensorflow-${LIBTENSORFLOW_VERSION}-`));
  const library = {
    directory,
    depsDir: path.join(directory, INNER_PREFIX, 'deps'),
    donorSource: path.join(directory, INNER_PREFIX, 'binding', 'tfjs_backend.cc'),
  };
  const outer = spawn('tar', ['-xzOf', tarball, MEMBER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const inner = spawn(
    'tar',
    ['-x', '-C', directory, `${INNER_PREFIX}deps`, `${INNER_PREFIX}binding/tfjs_backend.cc`],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  );
  const exited = (child: ChildProcess, name: string): Promise<void> =>
    new Promise((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`)))),
    );
  await Promise.all([
    pipeline(outer.stdout, zlib.createBrotliDecompress(), inner.stdin),
    exited(outer, `tar (${MEMBER})`),
    exited(inner, 'tar (brotli payload)'),
  ]);
  const library115 = path.join(library.depsDir, 'lib', `libtensorflow.so.${LIBTENSORFLOW_VERSION}`);
  for (const needed of [library115, library.donorSource])
    if (!fs.existsSync(needed)) throw new Error(`${path.basename(needed)} is not in ${MEMBER}`);
  return library;
}
