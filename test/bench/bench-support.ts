import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The real datasets beside the project (never copied into it). */
export const datasetsDir = fileURLToPath(new URL('../../../shared/datasets', import.meta.url));

export interface BenchOptions {
  /** Use at most this many files per set (quick runs). */
  limit?: number;
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Prints a titled table to stdout: the benchmark's figures. */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n## ${title}`);
  console.table(rows);
}
