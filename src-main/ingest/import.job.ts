import os from 'node:os';
import path from 'node:path';
import type { Db } from '../catalog/db';
import { analysisMaxSide, type FaceIndexer } from '../faces/face-indexer';
import type { IndexModels, IndexOutcome } from '../faces/face-store';
import { indexUnindexed } from '../faces/index.job';
import { JobFailedError } from '../jobs/job-types';
import type { JobProgress } from '../jobs/progress';
import { ProgressMeter } from '../jobs/progress';
import { Limiter } from '../util/concurrency';
import { mapOrderedWithinBudget } from '../util/map-within-budget';
import { isDiskFull } from '../util/errors';
import { reason } from '../imaging/decode';
import { ImportTally } from './import-tally';
import type { ImportInput, ImportSummary } from './import-types';
import { ImportWriter, type ImportRepositories, type StoredPhoto } from './import-writer';
import { readCandidate, type ReadOutcome } from './read-file';
import { renderPhoto, type RenderedPhoto } from '../imaging/render-photo';
import { scanFolders, type ScannedFile } from './scan';

export interface ImportContext {
  db: Db;
  repositories: ImportRepositories;
  models: IndexModels;
  /** Finds and embeds faces as photos are added; null imports photos only. */
  indexer: FaceIndexer | null;
  catalogDir: string;
  jobId: number | null;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
  /** Called after each committed batch, so views can show photos while the import runs. */
  onCommitted?: () => void;
  maxPixels: number;
  /** Photos decoded at once; sharp decodes each on libuv's thread pool, off the main thread. */
  concurrency?: number;
}

/** Decoded photos waiting for the face workers, at most: bounds memory when decoding outpaces inference. */
const analysisBacklog = 4;

/** Read-ahead (file I/O, sniff, hash) runs this far ahead of decoding. */
const readAhead = 6;

/**
 * ...and holds at most this many bytes of file (a larger file is read alone): a count alone let six
 * 900 MB files be read at once. Non-images cost their head only, but their size is not known to be
 * harmless until they are sniffed.
 */
const readAheadBytes = 256 * 1024 ** 2;

type ImageRead = Extract<ReadOutcome, { kind: 'image' }>;

/** New content seen in this run and not yet committed: later copies of its bytes wait on it. */
interface Uncommitted {
  path: string;
  state: 'decoding' | 'queued';
  aliases: ScannedFile[];
}

/**
 * The import job: scan the folders, then read, dedupe, decode and store each new photo. Per-file problems
 * are recorded and counted; the job itself fails only on a catalog error or a full disk, with what it had
 * committed by then (a JobFailedError). Idempotent: re-running it after a crash or on the same folders adds
 * only what is missing.
 */
export async function runImport(input: ImportInput, ctx: ImportContext): Promise<ImportSummary> {
  return new ImportRun(input, ctx).run();
}

class ImportRun {
  private readonly tally: ImportTally;
  private readonly meter = new ProgressMeter();
  private readonly writer: ImportWriter;
  private readonly uncommitted = new Map<string, Uncommitted>();
  /** Photos skipped as unchanged: an earlier, interrupted run may have stored them without faces. */
  private readonly unchangedPhotos: number[] = [];
  private total = 0;

  constructor(
    private readonly input: ImportInput,
    private readonly ctx: ImportContext,
  ) {
    this.writer = new ImportWriter(ctx.db, ctx.repositories, ctx.models);
    this.tally = new ImportTally(ctx.repositories.fileErrors, ctx.jobId);
  }

  async run(): Promise<ImportSummary> {
    const files = await this.scan();
    this.total = files.length;
    const changed = files.filter((file) => !this.skipIfUnchanged(file));
    // Workers start (about a second) while the first photos are read and decoded; not at all for a no-op rerun.
    if (changed.length > 0) this.ctx.indexer?.warmUp();
    this.report();
    const decoders = this.ctx.concurrency ?? Math.max(2, os.availableParallelism());
    const decodeSlots = new Limiter(decoders);
    // Decoding the next photos overlaps face inference on the previous ones, within a bounded backlog.
    const inFlightSlots = new Limiter(decoders + (this.ctx.indexer ? analysisBacklog : 0));
    const decoding = new Set<Promise<void>>();
    const readLimits = { concurrency: readAhead, budget: readAheadBytes, cost: (f: ScannedFile) => f.bytes };
    for await (const read of mapOrderedWithinBudget(changed, readLimits, readCandidate)) {
      if (this.ctx.signal.aborted || this.tally.fatal) break;
      const owner = this.classify(read);
      if (!owner) continue;
      await inFlightSlots.acquire();
      const task = this.decodeAndQueue(read as ImageRead, owner, decodeSlots).finally(() => {
        inFlightSlots.release();
        decoding.delete(task);
      });
      decoding.add(task);
    }
    await Promise.all(decoding);
    this.commit(() => this.writer.flush());
    if (this.tally.fatal) throw new JobFailedError(this.tally.fatal.message, this.tally.summary);
    await this.finishInterruptedIndexing();
    this.tally.summary.cancelled = this.ctx.signal.aborted;
    this.ctx.onProgress(this.meter.sample('finishing', this.tally.done, this.total));
    return this.tally.summary;
  }

  private async scan(): Promise<ScannedFile[]> {
    const files: ScannedFile[] = [];
    for await (const entry of scanFolders(this.input.folders)) {
      if (entry.kind === 'error') {
        this.tally.listError(entry.path, entry.error);
      } else files.push(entry);
      if (files.length % 500 === 0) this.ctx.onProgress(this.meter.sample('scanning', files.length, 0));
      if (this.ctx.signal.aborted || this.tally.fatal) break;
    }
    return files;
  }

  /** Same path, same size and mtime as last time: skipped without reading a byte. */
  private skipIfUnchanged(file: ScannedFile): boolean {
    const known = this.ctx.repositories.photos.findFile(file.path);
    const unchanged = known !== undefined && known.bytes === file.bytes && known.mtimeMs === file.mtimeMs;
    if (unchanged) {
      this.tally.skip();
      this.unchangedPhotos.push(known.photoId);
    }
    return unchanged;
  }

  /**
   * Decides what a read file is. Returns the record to decode it under when it is new content; handles
   * everything else (non-images, failures, duplicates) on the spot, in scan order.
   */
  private classify(read: ReadOutcome): Uncommitted | null {
    const { file } = read;
    if (read.kind === 'failed') return (this.fail(file.path, read.error), null);
    if (read.kind === 'not-image') return (this.tally.skip(), null);
    const known = this.ctx.repositories.photos.findBySha(read.sha256);
    if (known) {
      try {
        this.ctx.repositories.photos.recordFile(file.path, known.id, file.bytes, file.mtimeMs);
        this.ctx.repositories.fileErrors.clear(file.path);
      } catch (error) {
        return (this.tally.stop(error), null);
      }
      if (known.path !== file.path) this.tally.summary.duplicates.push({ path: file.path, of: known.path });
      return (this.tally.skip(), null);
    }
    const pending = this.uncommitted.get(read.sha256);
    if (pending) {
      this.tally.summary.duplicates.push({ path: file.path, of: pending.path });
      pending.aliases.push(file);
      // Once the original is decoded, its copies are settled; while it decodes they wait on its outcome.
      if (pending.state === 'queued') this.tally.skip();
      return null;
    }
    const owner: Uncommitted = { path: file.path, state: 'decoding', aliases: [] };
    this.uncommitted.set(read.sha256, owner);
    return owner;
  }

  private async decodeAndQueue(read: ImageRead, owner: Uncommitted, decodeSlots: Limiter): Promise<void> {
    const { file } = read;
    let rendered: RenderedPhoto;
    await decodeSlots.acquire();
    try {
      rendered = await renderPhoto(
        this.ctx.catalogDir,
        read.bytes,
        read.format,
        read.sha256,
        this.ctx.maxPixels,
        this.ctx.indexer ? analysisMaxSide : undefined,
      );
    } catch (error) {
      this.uncommitted.delete(read.sha256);
      // A full disk is not the photo's fault: stop the job instead of failing every file that follows.
      if (isDiskFull(error)) return this.tally.stop(error);
      const why = reason(error);
      this.fail(file.path, why);
      this.tally.summary.duplicates = this.tally.summary.duplicates.filter((d) => d.of !== file.path);
      for (const alias of owner.aliases)
        this.fail(alias.path, `same content as ${file.path}, which failed: ${why}`);
      return;
    } finally {
      decodeSlots.release();
    }
    const label = this.input.labelsFromFolders ? folderLabel(file) : null;
    const index = await this.analyzeFaces(rendered, read.sha256, label !== null);
    owner.state = 'queued';
    this.tally.done++;
    for (let i = 0; i < owner.aliases.length; i++) this.tally.skip();
    const { width, height, takenAt, thumb } = rendered;
    const photo = {
      path: file.path,
      sha256: read.sha256,
      bytes: file.bytes,
      format: read.format,
      width,
      height,
      takenAt,
      thumb,
      folderLabel: label,
    };
    const replaces = this.ctx.repositories.photos.findFile(file.path)?.photoId ?? null;
    this.commit(() =>
      this.writer.add({ file, photo, replaces, aliases: owner.aliases, sha256: read.sha256, index }),
    );
    this.report();
  }

  /** Resuming: faces of photos an earlier, cancelled or killed run stored but did not index. */
  private async finishInterruptedIndexing(): Promise<void> {
    const { indexer } = this.ctx;
    if (!indexer || this.ctx.signal.aborted || this.unchangedPhotos.length === 0) return;
    const indexed = await indexUnindexed(this.unchangedPhotos, {
      db: this.ctx.db,
      faces: this.ctx.repositories.faces,
      people: this.ctx.repositories.people,
      labels: this.ctx.repositories.labels,
      photos: this.ctx.repositories.photos,
      models: this.ctx.models,
      indexer,
      signal: this.ctx.signal,
      onProgress: this.ctx.onProgress,
      maxPixels: this.ctx.maxPixels,
    });
    this.tally.summary.faces += indexed.faces;
  }

  /** Faces of a decoded photo; a failure here keeps the photo and records why its faces are missing. */
  private async analyzeFaces(
    rendered: RenderedPhoto,
    sha256: string,
    labeledCrop: boolean,
  ): Promise<IndexOutcome | null> {
    const indexer = this.ctx.indexer;
    if (!indexer || !rendered.pixels) return null;
    try {
      const faces = await indexer.analyze(rendered.pixels, rendered, sha256, labeledCrop, this.ctx.signal);
      return { faces };
    } catch (error) {
      if (isDiskFull(error)) this.tally.stop(error);
      return { error: `face analysis failed: ${reason(error)}` };
    }
  }

  /** Runs a writer call; what it committed is no longer "uncommitted". A catalog error ends the job. */
  private commit(write: () => StoredPhoto[]): void {
    let committed: StoredPhoto[];
    try {
      committed = write();
    } catch (error) {
      return this.tally.stop(error);
    }
    for (const { item } of committed) this.uncommitted.delete(item.sha256);
    this.tally.count(committed);
    if (committed.length > 0) this.ctx.onCommitted?.();
  }

  private fail(filePath: string, error: string): void {
    this.tally.fail(filePath, error);
    this.report();
  }

  private report(): void {
    this.ctx.onProgress(this.meter.sample('importing', this.tally.done, this.total));
  }
}

/** The identity a photo's folder names: its parent folder, except for photos directly in the import root. */
export function folderLabel(file: ScannedFile): string | null {
  const parent = path.dirname(file.path);
  return parent === file.root ? null : path.basename(parent);
}
