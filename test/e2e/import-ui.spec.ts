import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot, startServe } from '../support/cli';
import { writePgm, writePhoto } from '../support/images';

describe('import through the UI (@smoke)', () => {
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;
  let work: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-e2e-'));
    // Enough photos that the import runs long enough for its progress bar to be seen.
    for (let i = 0; i < 60; i++) {
      await writePhoto(path.join(work, 'photos', `set${i % 3}`, `p${i}.jpg`), 'jpeg', i, {
        width: 1200,
        height: 900,
      });
    }
    await writePgm(path.join(work, 'photos', 'face.pgm'), 92, 112, 1);
    await fs.writeFile(path.join(work, 'photos', 'broken.jpg'), 'not a jpeg at all');
    host = await startServe(path.join(work, 'catalog'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('imports a folder, shows progress, then thumbnails and the failed file', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    // The token moved into a cookie and out of the address bar.
    expect(page.url()).not.toContain('token=');
    await page.getByText('No photos yet').waitFor();

    await page.keyboard.press('i');
    await page.getByTestId('import-paths').fill(path.join(work, 'photos'));
    await page.getByTestId('import-submit').click();

    await page.getByRole('progressbar').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="job"][data-state="done"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('thumbnail').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('photo-count').textContent()).toBe('61 photos');
    await expect
      .poll(() => page.getByTestId('failed-files').textContent())
      .toContain('1 file could not be imported');

    // Every visible thumbnail actually loaded through /media (once each has finished loading).
    const thumbnails = page.getByTestId('thumbnail');
    await expect
      .poll(() =>
        thumbnails.evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete)),
      )
      .toBe(true);
    const broken = await thumbnails.evaluateAll(
      (images) => images.filter((img) => !(img as HTMLImageElement).naturalWidth).length,
    );
    expect(broken).toBe(0);

    const artifacts = path.join(projectRoot, 'test-results');
    await fs.mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'library-after-import.png') });
  });
});
