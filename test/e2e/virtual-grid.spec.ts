import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../src-main/catalog/db';
import { PhotoRepository } from '../../src-main/catalog/photo.repository';
import { launchChromium } from '../support/browser';
import { startServe } from '../support/cli';
import { makeTempDir } from '../support/temp';

const photoCount = 100_000;

describe('the library grid with 100k photos', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    temp = await makeTempDir('grid');
    const catalog = path.join(temp.dir, 'catalog');
    // Catalog rows written directly (importing 100k files would take minutes); all share one thumbnail.
    const db = openCatalogDb(catalog);
    const photos = new PhotoRepository(db);
    const thumb = 'media/thumbs/00/shared.webp';
    await fs.mkdir(path.join(catalog, 'media/thumbs/00'), { recursive: true });
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
      .webp()
      .toFile(path.join(catalog, thumb));
    db.transaction(() => {
      for (let i = 0; i < photoCount; i++) {
        photos.insert({
          path: `/photos/p${i}.jpg`,
          sha256: i.toString(16).padStart(64, '0'),
          bytes: 1,
          format: 'jpeg',
          width: 64,
          height: 48,
          takenAt: null,
          folderLabel: null,
          thumb,
        });
      }
    })();
    db.close();
    host = await startServe(catalog);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await temp.cleanup();
  });

  it('keeps under 500 thumbnail nodes in the DOM and reaches the last photo', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('photo-count').textContent()).toBe(`${photoCount} photos`);
    await page.getByTestId('thumbnail').first().waitFor();
    const cells = (): Promise<number> => page.locator('.thumb').count();
    expect(await cells()).toBeLessThan(500);

    await page.getByTestId('thumbnail-grid').evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
    await expect
      .poll(() => page.getByTestId('thumbnail').last().getAttribute('title'), { timeout: 20_000 })
      .toBe(`/photos/p${photoCount - 1}.jpg`);
    expect(await cells()).toBeLessThan(500);
  });
});
