import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { lastJson, projectRoot, runCli, startServe } from '../support/cli';
import { makeTempDir } from '../support/temp';

/** face-api's demo photo of three people; the catalog imported it and one face is labeled "Alice". */
const sample = path.join(projectRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
const artifacts = path.join(projectRoot, 'test-results');

/** Drops a file onto the window as a user dragging it from the desktop would. */
async function dropPhoto(page: Page, file: string): Promise<void> {
  const base64 = (await fs.readFile(file)).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ([data, name]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      return transfer;
    },
    [base64, path.basename(file)] as const,
  );
  await page.dispatchEvent('[data-testid="search-view"]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid="search-view"]', 'drop', { dataTransfer });
}

describe('search in the UI', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;
  let aliceFace: number;

  beforeAll(async () => {
    temp = await makeTempDir('search-e2e');
    const photos = path.join(temp.dir, 'photos');
    const catalog = path.join(temp.dir, 'catalog');
    await fs.mkdir(photos, { recursive: true });
    await fs.copyFile(sample, path.join(photos, 'sample1.jpg'));
    // Real detection and embedding during the import.
    expect((await runCli(['import', photos, '--catalog', catalog, '--json'], 170_000)).code).toBe(0);
    const faces = lastJson<Array<{ id: number }>>(
      (await runCli(['faces', '--catalog', catalog, '--json'])).stdout,
    );
    expect(faces).toHaveLength(3);
    aliceFace = faces[0]!.id;
    const labeled = await runCli([
      'label',
      '--face',
      String(aliceFace),
      '--person',
      'Alice',
      '--catalog',
      catalog,
    ]);
    expect(labeled.code).toBe(0);
    host = await startServe(catalog);
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await temp?.cleanup();
  });

  it('searches a dropped photo face by face, explains each answer, and searches by person', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-view').waitFor();
    // One labeled person is too few to calibrate on: the view says so and uses the model's default.
    await page.getByTestId('search-few-labels').waitFor();
    await page.getByTestId('search-chart').waitFor();

    await dropPhoto(page, sample);
    await expect.poll(() => page.getByTestId('search-busy').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('search-face').count()).toBe(3);
    const people = await page
      .getByTestId('search-face-person')
      .evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim()));
    // The labeled face is found in its own photo's copy; the two others are nobody labeled.
    expect(people.sort()).toEqual(['Alice', 'Unknown', 'Unknown']);
    const alice = page.locator('[data-testid="search-face"][data-person="Alice"]');
    await expect
      .poll(() => alice.getByTestId('search-why').textContent())
      .toMatch(/^Alice: mean distance 0\.0\d\d/);
    expect(await alice.getByTestId('search-evidence').count()).toBe(1);
    const unknown = page.locator('[data-testid="search-face"][data-person=""]').first();
    await expect
      .poll(() => unknown.getByTestId('search-why').textContent())
      .toMatch(/Nearest is Alice at .*beyond/);
    // Every face matches its own copy in the catalog, nearest first.
    expect(await page.getByTestId('search-result').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('search-threshold').textContent()).toContain('0.386');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="search-result"] img')).every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    await page.screenshot({ path: path.join(artifacts, 'search-photo.png') });

    // Keyboard: the arrows reach a result, Enter opens it in the viewer with that face outlined.
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-face-id'));
    expect(focused).toBeTruthy();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`face=${focused}`);
    await page.getByTestId('photo-viewer').waitFor();

    // By person, with the name from the autocomplete list.
    await page.getByTestId('nav-search').click();
    await page.keyboard.press('/');
    await page.keyboard.type('Alice');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('search-person-count').textContent())
      .toBe('1 face of Alice (1 labeled)');
    expect(await page.getByTestId('search-result').getAttribute('data-face-id')).toBe(String(aliceFace));
    await page.screenshot({ path: path.join(artifacts, 'search-person.png') });

    // A filter searches again: no photo of Alice lies under another folder; clearing it brings hers back.
    await page.getByTestId('search-filter-folder').fill('/nowhere');
    await page.getByTestId('search-filter-folder').press('Enter');
    await expect.poll(() => page.getByTestId('search-person-count').textContent()).toBe('No photo of Alice');
    await page.getByTestId('search-filter-clear').click();
    await expect
      .poll(() => page.getByTestId('search-person-count').textContent())
      .toBe('1 face of Alice (1 labeled)');

    // The same in Chinese.
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await dropPhoto(page, sample);
    await expect.poll(() => page.getByTestId('search-busy').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('search-face').count()).toBe(3);
    await expect.poll(() => page.getByTestId('search-face-person').allTextContents()).toContain('未知');
    await expect.poll(() => page.getByTestId('search-threshold').textContent()).toContain('阈值');
    await page.screenshot({ path: path.join(artifacts, 'search-photo.zh-CN.png') });
    await page.getByTestId('locale-select').selectOption('en');
  });
});
