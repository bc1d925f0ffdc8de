import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { lastJson, projectRoot, runCli, startServe } from '../support/cli';
import { makeTempDir } from '../support/temp';

const demoFolder = path.join(projectRoot, 'node_modules/@vladmandic/face-api/demo');

/** The feature maps view on a face of face-api's demo photo, against the real backend and worker. */
describe('feature maps in the UI', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    temp = await makeTempDir('features-e2e');
    const photos = path.join(temp.dir, 'photos');
    await fs.mkdir(photos, { recursive: true });
    await fs.copyFile(path.join(demoFolder, 'sample1.jpg'), path.join(photos, 'sample1.jpg'));
    const catalog = path.join(temp.dir, 'catalog');
    const imported = await runCli(['import', photos, '--catalog', catalog, '--json'], 170_000);
    expect(imported.code).toBe(0);
    expect(lastJson<{ faces: number }>(imported.stdout).faces).toBe(3);
    host = await startServe(catalog);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await temp?.cleanup();
  });

  it('shows the saliency over the face and a layer grid, and Esc goes back', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`${host.url}#/photos/1`);
    await page.getByTestId('face-item').first().click();
    await page.getByTestId('face-features-link').click();
    await page.getByTestId('feature-maps').waitFor();
    // The worker starts and builds the network on the first request: seconds on wasm.
    const overlay = page.getByTestId('saliency-overlay');
    await overlay.waitFor({ timeout: 60_000 });
    expect(await overlay.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const grid = page.getByTestId('activation-grid');
    await grid.waitFor({ timeout: 60_000 });
    const layers = await page.getByTestId('layer-picker').locator('option').count();
    expect(layers).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(projectRoot, 'test-results', 'feature-maps.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('photo-viewer').waitFor();
  });
});
