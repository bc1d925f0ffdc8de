import type { FileErrorRepository } from '../catalog/file-error.repository';
import { reason } from '../imaging/decode';
import { diskFullMessage, isDiskFull } from '../util/errors';
import type { ImportSummary } from './import-types';
import type { StoredPhoto } from './import-writer';

/**
 * An import's running outcome: the counts, duplicates and per-file errors of its summary, how many files
 * are settled, and the first fatal error. Only committed photos count as added, so the summary of a job
 * that stopped part-way says exactly what is safely in the catalog.
 */
export class ImportTally {
  readonly summary: ImportSummary = {
    photos: { added: 0, skipped: 0, failed: 0 },
    faces: 0,
    duplicates: [],
    errors: [],
    cancelled: false,
  };
  /** Files settled (added, skipped or failed), for progress. */
  done = 0;
  /** The error that ends the job at its next safe point (the first one wins). */
  fatal: Error | null = null;

  constructor(
    private readonly fileErrors: FileErrorRepository,
    private readonly jobId: number | null,
  ) {}

  skip(): void {
    this.summary.photos.skipped++;
    this.done++;
  }

  /** A file that could not be imported, and why: counted, listed and recorded in the catalog. */
  fail(filePath: string, error: string): void {
    this.summary.photos.failed++;
    this.done++;
    this.listError(filePath, error);
  }

  /** A path the scan could not use (not counted as a file): listed and recorded. */
  listError(filePath: string, error: string): void {
    this.summary.errors.push({ path: filePath, error });
    this.recordFileError(filePath, error);
  }

  /** Counts what a batch committed: new photos (and their faces), or duplicates another process stored first. */
  count(committed: StoredPhoto[]): void {
    for (const { item, duplicateOf } of committed) {
      if (duplicateOf === null) {
        this.summary.photos.added++;
        this.summary.faces += item.index && 'faces' in item.index ? item.index.faces.length : 0;
      } else {
        this.summary.photos.skipped++;
        this.summary.duplicates.push({ path: item.file.path, of: duplicateOf });
      }
    }
  }

  /** Ends the job at the next safe point with this error (the first one wins); a full disk says so. */
  stop(error: unknown): void {
    const message = isDiskFull(error) ? diskFullMessage : reason(error);
    this.fatal ??= new Error(message, { cause: error });
  }

  /** Records a per-file error in the catalog; when even that fails (a full disk), the job stops. */
  private recordFileError(filePath: string, error: string): void {
    try {
      this.fileErrors.record(filePath, error, this.jobId);
    } catch (failure) {
      this.stop(failure);
    }
  }
}
