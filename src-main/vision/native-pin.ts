import fs from 'node:fs';
import os from 'node:os';

/**
 * Keeps the libtensorflow shared libraries this process has loaded resident until it exits. Node unloads
 * a worker thread's addons when the worker exits; libtensorflow does not survive being loaded a second time
 * in one process (its static registrations run again: "Duplicate registration of device factory", abort),
 * which is what a second vision pool, or a worker replaced after the last one exited, would do. Reopening
 * each library with RTLD_NODELETE makes the loader keep it. Linux only (the loader's map is read from
 * /proc); elsewhere a no-op.
 */
export function pinNativeLibraries(): void {
  let maps: string;
  try {
    maps = fs.readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return;
  }
  const libraries = new Set(
    maps
      .split('\n')
      .map((line) => line.slice(line.indexOf('/')))
      .filter((file) => /\/libtensorflow[^/]*\.so[^/]*$/.test(file)),
  );
  const { RTLD_LAZY, RTLD_NODELETE } = os.constants.dlopen as Record<string, number>;
  for (const file of libraries) {
    try {
      // Not an addon: Node opens it (the loader now pins it), finds no module in it and throws.
      process.dlopen({ exports: {} }, file, (RTLD_LAZY ?? 1) | (RTLD_NODELETE ?? 0x1000));
    } catch {
      // expected: "Module did not self-register"
    }
  }
}
