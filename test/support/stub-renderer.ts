import fs from 'node:fs/promises';
import path from 'node:path';

/** A minimal built renderer for host tests that need no UI: a folder with an index.html. Returns it. */
export async function writeStubRenderer(dir: string): Promise<string> {
  const renderer = path.join(dir, 'renderer');
  await fs.mkdir(renderer);
  await fs.writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>FaceAtlas</title>');
  return renderer;
}
