import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import { seedPeople } from '../../support/people-fixture';
import { makeTempDir } from '../../support/temp';

/**
 * Two processes on one catalog (the app and a CLI import), played by two Containers: each has its own
 * database connection and vector index, so the first one learns of the second one's writes only through
 * the catalog stamp (SearchRepository.faceStamp), never through `invalidate`.
 */
describe('search index across processes', () => {
  let app: Container;
  let other: Container;
  let faces: Map<string, number[]>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const temp = await makeTempDir('search-stale');
    cleanup = temp.cleanup;
    ({ app, faces } = await seedPeople(temp.dir));
    other = new Container({ catalogDir: path.join(temp.dir, 'catalog'), shell: 'cli' }).boot();
  });
  afterAll(async () => {
    await other.shutdown();
    await app.shutdown();
    await cleanup();
  });

  /** A copy of a face's embedding on a new photo, written by the other Container. */
  function copyFaceElsewhere(faceId: number): number {
    const model = other.models.embedder;
    const [row] = other.repositories.search.vectorsOf(model, [faceId]);
    if (!row) throw new Error(`no face ${faceId}`);
    const photoId = other.repositories.photos.insert({
      path: '/elsewhere/copy.jpg',
      sha256: 'c0ffee'.padEnd(64, '0'),
      bytes: 1000,
      format: 'jpeg',
      width: 640,
      height: 480,
      takenAt: null,
      folderLabel: null,
      thumb: 'media/thumbs/copy.jpg',
    });
    const vector = new Float32Array(
      row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + 512),
    );
    const [copy] = other.repositories.faces.replaceForPhoto(
      photoId,
      [
        {
          box: { x: 60, y: 90, width: 220, height: 280 },
          landmarks: [],
          score: 0.95,
          quality: 0.8,
          wholeImage: false,
          crop: 'media/faces/copy.jpg',
          embedding: vector,
          detectorModel: other.models.detectors.ssd,
        },
      ],
      model,
    );
    return copy as number;
  }

  it('finds a face another process added, and forgets one it deleted, with no invalidate', async () => {
    const query = faces.get('X')?.[0] as number;
    // The first search builds this process's index; the stranger X has no look-alike yet.
    expect((await app.search.byFace(query)).faces[0]?.matches).toEqual([]);

    const copy = copyFaceElsewhere(query);
    const [found] = (await app.search.byFace(query)).faces;
    expect(found?.matches.map((m) => m.faceId)).toEqual([copy]);
    expect(found?.matches[0]?.photoPath).toBe('/elsewhere/copy.jpg');

    other.repositories.faces.delete(copy);
    expect((await app.search.byFace(query)).faces[0]?.matches).toEqual([]);
  });
});
