// Whether @tensorflow/tfjs-node loads and computes, asked of a fresh Node process: a broken native addon
// can abort the process that loads it, and this script must live to report it.
import { failureLine, lastLine, runCommand } from './run-command.js';

/** What a working native backend says about itself. */
export interface NativeBackendInfo {
  /** tf.getBackend(): 'tensorflow' when the binding is in use. */
  backend: string;
  /** The libtensorflow version the binding is linked against (TF_Version()). */
  libtensorflow: string;
  /** tfjs-node's own version. */
  tfjsNode: string;
}

// Loads the package, then checks a convolution against known values and a string tensor round trip (the
// part of the binding patched for libtensorflow 1.15), and prints one JSON line.
const PROBE = `
const tf = require('@tensorflow/tfjs-node');
const conv = tf.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'valid').dataSync();
if (Array.from(conv).join() !== '4,4,4,4') throw new Error('conv2d gave ' + Array.from(conv).join());
const strings = tf.tensor(['face', 'atlas']);
const back = strings.dataSync();
strings.dispose();
if (String(back) !== 'face,atlas') throw new Error('string tensor round trip gave ' + String(back));
console.log(JSON.stringify({
  backend: tf.getBackend(),
  libtensorflow: tf.backend().binding.TF_Version,
  tfjsNode: tf.version['tfjs-node'],
}));
`;

/** Loads tfjs-node from `root` in a child process; resolves its info, or rejects with a one-line reason. */
export async function verifyNativeBackend(root: string): Promise<NativeBackendInfo> {
  const result = await runCommand(process.execPath, ['-e', PROBE], {
    cwd: root,
    timeoutMs: 120_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (result.timedOut) throw new Error('loading @tensorflow/tfjs-node timed out');
  if (result.code !== 0) throw new Error(failureLine(result.output));
  const info = JSON.parse(lastLine(result.output)) as NativeBackendInfo;
  if (info.backend !== 'tensorflow') throw new Error(`tf.getBackend() is ${info.backend}, not tensorflow`);
  return info;
}
