// Builds better-sqlite3 for Electron's ABI into .native/electron-<version>/, leaving Node's build in
// node_modules untouched: `npm test` (Node) and `npm start` (Electron) then both work, in either order.
// Needs Electron's headers, which node-gyp downloads (the desktop machine must be online once).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const target = process.argv[2] ?? 'electron';
if (target !== 'electron') {
  console.log('Node uses the better-sqlite3 build in node_modules; nothing to do.');
  process.exit(0);
}
const electronVersion = require('electron/package.json').version;
const outDir = path.join(root, '.native', `electron-${electronVersion}`);
const outFile = path.join(outDir, 'better_sqlite3.node');
if (fs.existsSync(outFile)) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'faceatlas-native-'));
fs.cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
// npm sets npm_config_node_gyp to its bundled node-gyp when it runs a script.
const nodeGyp = process.env.npm_config_node_gyp;
if (!nodeGyp) throw new Error('run this through npm (npm run rebuild:electron) so that node-gyp is found');
console.log(`building better-sqlite3 for Electron ${electronVersion} ...`);
execFileSync(
  process.execPath,
  [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ],
  { cwd: work, stdio: 'inherit' },
);
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), outFile);
fs.rmSync(work, { recursive: true, force: true });
console.log(`wrote ${path.relative(root, outFile)}`);
