import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName, CommandOutput, FaceView } from '../../src-main/api/contract';
import { BACKEND_ORDER } from '../../src-main/vision/backend-names';
import { launchChromium } from '../support/browser';
import { projectRoot, startServe } from '../support/cli';
import { makeTempDir } from '../support/temp';

/** Two demo photos of three people each, shipped with face-api (1920 px wide). */
const samples = ['sample1.jpg', 'sample3.jpg'];
const demoFolder = path.join(projectRoot, 'node_modules/@vladmandic/face-api/demo');

/** Calls the API from inside the page, with the session cookie the UI itself uses. */
function api<C extends CommandName>(page: Page, command: C, input: object = {}): Promise<CommandOutput<C>> {
  return page.evaluate(
    async ([name, body]) => {
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
      return (await response.json()) as unknown;
    },
    [command, input] as const,
  ) as Promise<CommandOutput<C>>;
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where the viewer's image is actually painted: its box letterboxed by `object-fit: contain`. */
function displayedImageRect(page: Page): Promise<Rect & { scale: number }> {
  return page.getByTestId('viewer-image').evaluate((element) => {
    const image = element as HTMLImageElement;
    const box = image.getBoundingClientRect();
    const scale = Math.min(box.width / image.naturalWidth, box.height / image.naturalHeight);
    const width = image.naturalWidth * scale;
    const height = image.naturalHeight * scale;
    const left = box.left + (box.width - width) / 2;
    const top = box.top + (box.height - height) / 2;
    return { left, top, right: left + width, bottom: top + height, scale: width / image.naturalWidth };
  });
}

/** Every drawn face box on screen, by face id. */
function drawnBoxes(page: Page): Promise<Array<Rect & { id: number }>> {
  return page.getByTestId('face-box').evaluateAll((boxes) =>
    boxes.map((box) => {
      const { left, top, right, bottom } = box.getBoundingClientRect();
      return { id: Number(box.getAttribute('data-face-id')), left, top, right, bottom };
    }),
  );
}

/**
 * Each face's box, drawn, must sit inside the painted image and where the photo's pixel geometry puts it
 * (within a pixel and a half for the stroke and the preview's rounding).
 */
async function expectBoxesOnImage(page: Page, faces: FaceView[], photoWidth: number): Promise<void> {
  const image = await displayedImageRect(page);
  const boxes = await drawnBoxes(page);
  expect(boxes).toHaveLength(faces.length);
  const perPhotoPixel = (image.right - image.left) / photoWidth;
  const slack = 1.5;
  for (const face of faces) {
    const box = boxes.find((drawn) => drawn.id === face.id);
    expect(box, `face ${face.id} is drawn`).toBeDefined();
    if (!box) continue;
    expect(box.left).toBeGreaterThanOrEqual(image.left - slack);
    expect(box.top).toBeGreaterThanOrEqual(image.top - slack);
    expect(box.right).toBeLessThanOrEqual(image.right + slack);
    expect(box.bottom).toBeLessThanOrEqual(image.bottom + slack);
    const expectedLeft = image.left + face.box.x * perPhotoPixel;
    const expectedTop = image.top + face.box.y * perPhotoPixel;
    const strokeHalf = 2;
    expect(Math.abs(box.left + strokeHalf - expectedLeft)).toBeLessThan(slack + strokeHalf);
    expect(Math.abs(box.top + strokeHalf - expectedTop)).toBeLessThan(slack + strokeHalf);
    expect(Math.abs(box.right - box.left - face.box.width * perPhotoPixel)).toBeLessThan(
      2 * (slack + strokeHalf),
    );
  }
}

describe('faces in the UI (@smoke)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    temp = await makeTempDir('faces-e2e');
    await fs.mkdir(path.join(temp.dir, 'photos'), { recursive: true });
    for (const sample of samples) {
      await fs.copyFile(path.join(demoFolder, sample), path.join(temp.dir, 'photos', sample));
    }
    host = await startServe(path.join(temp.dir, 'catalog'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await temp?.cleanup();
  });

  it('imports, then shows each face on its photo, in the viewer and in the Faces view', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByText('No photos yet').waitFor();
    await page.keyboard.press('i');
    await page.getByTestId('import-paths').fill(path.join(temp.dir, 'photos'));
    await page.getByTestId('import-submit').click();
    // Detection, landmarks and embeddings run during the import: seconds per photo on the wasm backend.
    await page.locator('[data-testid="job"][data-state="done"]').waitFor({ timeout: 170_000 });
    await expect.poll(() => page.getByTestId('photo-count').textContent()).toBe('2 photos');
    // The backend the app reports is one it can run on (not 'none'), and the UI shows that one.
    const { backend } = await api(page, 'app.info');
    expect(BACKEND_ORDER).toContain(backend);
    await expect
      .poll(async () => (await page.getByTestId('backend').textContent())?.trim())
      .toBe(`backend: ${backend}`);

    const { items: photos } = await api(page, 'photos.list', { offset: 0, limit: 10 });
    const first = photos[0]!;
    const faces = await api(page, 'photos.faces', { id: first.id });
    expect(faces.length).toBeGreaterThan(0);

    // Open the first photo from the grid.
    await page.getByTestId('thumbnail').first().click();
    await page.getByTestId('photo-viewer').waitFor();
    expect(page.url()).toContain(`#/photos/${first.id}`);
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
      return image?.complete === true && image.naturalWidth > 0;
    });
    await expect.poll(() => page.getByTestId('face-box').count()).toBe(faces.length);
    await expectBoxesOnImage(page, faces, first.width);
    expect(await page.getByTestId('face-item').count()).toBe(faces.length);
    expect(await page.getByTestId('landmarks').count()).toBe(faces.filter((f) => f.landmarks.length).length);

    const artifacts = path.join(projectRoot, 'test-results');
    await fs.mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'photo-viewer.png') });

    // Boxes follow the image when the window changes shape.
    await page.setViewportSize({ width: 900, height: 1000 });
    await expect.poll(async () => (await displayedImageRect(page)).right).toBeLessThan(900);
    await expectBoxesOnImage(page, faces, first.width);
    await page.setViewportSize({ width: 1400, height: 900 });

    // `l` hides the landmarks; arrows step through the catalog; Esc returns to the library.
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('landmarks').count()).toBe(0);
    await page.keyboard.press('l');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('viewer-position').textContent()).toContain('2 / 2');
    expect(page.url()).toContain(`#/photos/${photos[1]!.id}`);
    const secondFaces = await api(page, 'photos.faces', { id: photos[1]!.id });
    await expect.poll(() => page.getByTestId('face-box').count()).toBe(secondFaces.length);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('viewer-position').textContent()).toContain('1 / 2');
    await page.keyboard.press('Escape');
    await page.getByTestId('thumbnail-grid').waitFor();
    // Back in the library the photo just seen has the focus, and Enter opens it again.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index')))
      .toBe('0');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/photos/${first.id}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('thumbnail-grid').waitFor();

    // The Faces view: one crop per face in the catalog, each loaded, each opening its photo.
    const stats = await api(page, 'catalog.stats');
    expect(stats.faces).toBe(faces.length + secondFaces.length);
    await page.getByTestId('nav-faces').click();
    // The Faces view loads its first page after the route change: give a loaded machine time.
    await expect
      .poll(() => page.getByTestId('face-count').textContent(), { timeout: 30_000 })
      .toBe(`${stats.faces} faces`);
    await expect.poll(() => page.getByTestId('face-crop').count()).toBe(stats.faces);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="face-crop"]')).every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    await page.screenshot({ path: path.join(artifacts, 'faces-view.png') });
    await page.getByTestId('face-crop').first().click();
    await page.getByTestId('photo-viewer').waitFor();
    await expect.poll(() => page.getByTestId('face-box').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).toContain('#/faces');

    // Models: the bundled networks are listed; re-indexing every photo runs as a job in the Jobs panel.
    await page.getByTestId('nav-models').click();
    await expect.poll(() => page.getByTestId('model-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('model-table').textContent()).toContain('detector');
    await page.getByTestId('index-all').check();
    await page.getByTestId('index-faces').click();
    const indexJob = page.locator('[data-testid="job"][data-state="done"]', { hasText: 'index #' });
    await indexJob.waitFor({ timeout: 120_000 });
    expect(await indexJob.textContent()).toContain(`indexed 2 photos · ${stats.faces} faces · 0 failed`);
    await page.screenshot({ path: path.join(artifacts, 'models-view.png') });
  });

  it('draws a face the detector missed, removes a false one, and Ctrl+Z brings it back', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    const { items: photos } = await api(page, 'photos.list', { offset: 0, limit: 10 });
    const photo = photos[0]!;
    const before = await api(page, 'photos.faces', { id: photo.id });
    await page.goto(`${host.url}#/photos/${photo.id}`);
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
      return image?.complete === true && image.naturalWidth > 0;
    });
    await expect.poll(() => page.getByTestId('face-item').count()).toBe(before.length);

    // A box a tenth of the photo wide, in a corner no detected face touches.
    const side = Math.round(photo.width / 10);
    const corners = [
      { x: 10, y: 10 },
      { x: photo.width - side - 10, y: 10 },
      { x: 10, y: photo.height - side - 10 },
      { x: photo.width - side - 10, y: photo.height - side - 10 },
    ];
    const free = corners.find((c) =>
      before.every(
        ({ box }) =>
          c.x + side < box.x || box.x + box.width < c.x || c.y + side < box.y || box.y + box.height < c.y,
      ),
    );
    expect(free, 'a corner without faces').toBeDefined();
    const image = await displayedImageRect(page);
    // Screen pixels per photo pixel (the preview the viewer paints is smaller than the photo).
    const scale = (image.right - image.left) / photo.width;
    const toScreen = (x: number, y: number): [number, number] => [
      image.left + x * scale,
      image.top + y * scale,
    ];
    const drawBox = async (): Promise<void> => {
      await page.keyboard.press('d');
      await page.getByTestId('draw-hint').waitFor();
      await page.mouse.move(...toScreen(free!.x, free!.y));
      await page.mouse.down();
      await page.mouse.move(...toScreen(free!.x + side / 2, free!.y + side / 2), { steps: 4 });
      await page.mouse.move(...toScreen(free!.x + side, free!.y + side), { steps: 4 });
      await page.mouse.up();
    };

    // A box drawn and left pending belongs to its photo: → drops it instead of adding it to the next one.
    await drawBox();
    await page.getByTestId('drawn-form').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const position = (await page.getByTestId('viewer-position').textContent()) ?? '';
    const [away, back] = position.startsWith('1 /')
      ? ['ArrowRight', 'ArrowLeft']
      : ['ArrowLeft', 'ArrowRight'];
    await page.keyboard.press(away);
    await expect.poll(() => page.getByTestId('viewer-position').textContent()).not.toBe(position);
    await expect.poll(() => page.getByTestId('drawn-form').count()).toBe(0);
    await page.keyboard.press(back);
    await expect.poll(() => page.getByTestId('viewer-position').textContent()).toBe(position);
    await expect.poll(() => page.getByTestId('face-item').count()).toBe(before.length);
    expect(await page.getByTestId('drawn-form').count()).toBe(0);
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
      return image?.complete === true && image.naturalWidth > 0;
    });

    await drawBox();
    // The name field has the caret as the form appears: typed keys go to it, not to the `d`/`l` shortcuts.
    await page.getByTestId('drawn-form').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('drawn-name');
    await page.keyboard.type('Drawn Person');
    expect(await page.getByTestId('drawn-name').inputValue()).toBe('Drawn Person');
    expect(await page.getByTestId('draw-hint').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('face-item').count(), { timeout: 60_000 })
      .toBe(before.length + 1);
    const after = await api(page, 'photos.faces', { id: photo.id });
    const added = after.find((face) => !before.some((old) => old.id === face.id));
    expect(added?.personName).toBe('Drawn Person');
    // Where it was drawn, within the rounding of screen to photo pixels.
    const tolerance = 2 / scale + 1;
    expect(Math.abs(added!.box.x - free!.x)).toBeLessThan(tolerance);
    expect(Math.abs(added!.box.y - free!.y)).toBeLessThan(tolerance);
    expect(Math.abs(added!.box.width - side)).toBeLessThan(2 * tolerance);
    expect(await page.getByTestId('face-box').count()).toBe(before.length + 1);

    // It is not a face after all: select it, Delete; then Ctrl+Z, and the toast says what came back.
    await page.locator(`[data-testid="face-item"][data-face-id="${added!.id}"]`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('face-item').count()).toBe(before.length);
    expect((await api(page, 'photos.faces', { id: photo.id })).map((f) => f.id)).not.toContain(added!.id);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('face-item').count()).toBe(before.length + 1);
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Undone: remove a false face');
    await page.screenshot({ path: path.join(projectRoot, 'test-results', 'draw-face.png') });
    await page.close();
  });
});
