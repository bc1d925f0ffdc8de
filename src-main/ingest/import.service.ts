import fs from 'node:fs';
import path from 'node:path';
import type { JobQueue } from '../jobs/job-queue';
import { UserError } from '../util/errors';
import type { ImportInput } from './import-types';

/** Starts imports after checking that the chosen folders exist, so a typo fails at once, not in a job. */
export class ImportService {
  constructor(private readonly jobs: JobQueue) {}

  /** Queues an import of the given folders; returns the job id. */
  start(input: ImportInput): number {
    const folders = input.folders.map((folder) => {
      if (!path.isAbsolute(folder)) throw new UserError(`not an absolute path: ${folder}`);
      let isFolder = false;
      try {
        isFolder = fs.statSync(folder).isDirectory();
      } catch {
        throw new UserError(`folder not found: ${folder}`, 'not-found');
      }
      if (!isFolder) throw new UserError(`not a folder: ${folder}`);
      return path.resolve(folder);
    });
    return this.jobs.enqueue('import', { ...input, folders });
  }
}
