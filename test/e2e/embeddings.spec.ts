import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInPolygon } from '../../src-renderer/src/components/embeddings/lasso';
import { personColour } from '../../src-renderer/src/components/embeddings/palette';
import type { EmbeddingsTestHook } from '../../src-renderer/src/components/embeddings/test-hook';
import { launchChromium } from '../support/browser';
import { projectRoot } from '../support/cli';
import { startPeopleFixture, type PeopleFixture } from '../support/people-fixture';
import { makeTempDir } from '../support/temp';

const artifacts = path.join(projectRoot, 'test-results');

type Point = [number, number];

function positionOf(page: Page, faceId: number): Promise<ReturnType<EmbeddingsTestHook['positionOf']>> {
  return page.evaluate((id) => window.__faceatlasEmbeddings?.positionOf(id) ?? null, faceId);
}

function pixelOf(page: Page, faceId: number): Promise<ReturnType<EmbeddingsTestHook['pixelOf']>> {
  return page.evaluate((id) => window.__faceatlasEmbeddings?.pixelOf(id) ?? null, faceId);
}

/** The convex hull of some points (monotone chain), pushed out from its centre by `pad` pixels. */
function paddedHull(points: Point[], pad: number): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    return out.slice(0, -1);
  };
  const hull = [...half(sorted), ...half([...sorted].reverse())];
  const cx = hull.reduce((sum, p) => sum + p[0], 0) / hull.length;
  const cy = hull.reduce((sum, p) => sum + p[1], 0) / hull.length;
  // Corners pushed out along their direction from the centre, and a small square for a single point.
  return (
    hull.length >= 3 ? hull : points.flatMap(([x, y]) => [[x - 1, y - 1] as Point, [x + 1, y + 1] as Point])
  ).map(([x, y]) => {
    const length = Math.hypot(x - cx, y - cy) || 1;
    return [x + ((x - cx) / length) * pad, y + ((y - cy) / length) * pad] as Point;
  });
}

describe('the embeddings map', () => {
  let browser: Browser;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let fixture: PeopleFixture;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
    temp = await makeTempDir('embeddings-ui');
    fixture = await startPeopleFixture(temp.dir);
    page = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: 'en-US' });
  });
  afterAll(async () => {
    await page?.close();
    await fixture?.close();
    await temp?.cleanup();
    await browser?.close();
  });

  it('draws faces coloured by person, lassoes a group, names it, and opens a face in its photo', async () => {
    await page.goto(`${fixture.url}#/embeddings`);
    const allFaces = [...fixture.faces.values()].flat();
    // The PCA map is computed by a job on first visit, then read from the cache.
    await expect
      .poll(() => page.evaluate(() => window.__faceatlasEmbeddings?.pointCount() ?? 0), { timeout: 60_000 })
      .toBe(allFaces.length);
    await expect
      .poll(() => page.getByTestId('embeddings-count').textContent())
      .toBe(`${allFaces.length} faces`);
    expect(await page.evaluate(() => window.__faceatlasEmbeddings?.renderer())).toMatch(/\S/);

    // Labeled faces are drawn in their person's colour, unnamed ones grey.
    const personId = (name: string): number => fixture.app.peopleViews.faces({ person: name })[0]!.personId!;
    const colourAt = async (face: number): Promise<number[]> => {
      const [r, g, b, a] = (await pixelOf(page, face))!;
      return a === 0 ? [0, 0, 0] : [r, g, b].map((c) => (c * 255) / a);
    };
    const near = (colour: number[], rgb: readonly number[]): boolean =>
      Math.hypot(...colour.map((c, i) => c - rgb[i]!)) < 40;
    // Points overlap (Ben and Bea look alike): each person shows their colour on at least one face, and
    // Ada's three labeled faces (the first of hers) are hers.
    for (const name of ['Ada', 'Ben', 'Bea']) {
      const expected = personColour(personId(name));
      const colours = await Promise.all(fixture.faces.get(name)!.map(colourAt));
      expect(colours.filter((colour) => near(colour, expected)).length).toBeGreaterThanOrEqual(1);
    }
    expect(personColour(personId('Ben'))).not.toEqual(personColour(personId('Bea')));
    const greys = await Promise.all(fixture.faces.get('E')!.map(colourAt));
    for (const [r, g, b] of greys) expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThan(25);

    // Hovering a face shows its crop and name.
    const ada = fixture.faces.get('Ada')![0]!;
    const adaAt = (await positionOf(page, ada))!;
    await page.mouse.move(adaAt[0], adaAt[1]);
    await expect.poll(() => page.getByTestId('embeddings-hover').getAttribute('data-face-id')).not.toBeNull();

    // L picks the lasso; a polygon around C's faces selects them (and whatever else lies inside).
    const group = fixture.faces.get('C')!;
    const positions = (await Promise.all(group.map((face) => positionOf(page, face)))) as Point[];
    const polygon = paddedHull(positions, 10);
    const flat = polygon.flat();
    const inside: number[] = [];
    for (const face of allFaces) {
      const at = (await positionOf(page, face))!;
      if (pointInPolygon(at[0], at[1], flat)) inside.push(face);
    }
    expect(inside).toEqual(expect.arrayContaining(group));
    await page.mouse.move(0, 0);
    await page.keyboard.press('l');
    await page.mouse.move(...polygon[0]!);
    await page.mouse.down();
    for (const corner of [...polygon.slice(1), polygon[0]!]) await page.mouse.move(...corner, { steps: 6 });
    await page.mouse.up();
    await expect
      .poll(() => page.getByTestId('embeddings-selection').getAttribute('data-count'))
      .toBe(String(inside.length));

    await page.getByTestId('embeddings-label-name').fill('Cora');
    await page.getByTestId('embeddings-label-name').press('Enter');
    const named = (): number[] =>
      fixture.app.peopleViews
        .faces({ person: 'Cora', confirmedOnly: true })
        .map((face) => face.id)
        .sort((a, b) => a - b);
    await expect.poll(named, { timeout: 15_000 }).toEqual([...inside].sort((a, b) => a - b));
    // The map comes back with the new labels: Cora is in the legend, her faces in her colour.
    await expect.poll(() => page.getByTestId('embeddings-legend').textContent()).toContain('Cora');
    await expect.poll(async () => near(await colourAt(group[0]!), [255, 214, 10])).toBe(true); // still selected
    // Esc leaves the name field, a second Esc clears the selection.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('embeddings-selection').count()).toBe(0);
    await expect.poll(async () => near(await colourAt(group[0]!), personColour(personId('Cora')))).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'embeddings-en.png') });

    // Export the embeddings with their labels (a CSV here): the new name is in it.
    const out = path.join(temp.dir, 'map-export');
    await page.getByTestId('map-export-open').click();
    await page.getByTestId('map-export-format').selectOption('csv');
    await page.getByTestId('map-export-folder').fill(out);
    await page.getByTestId('map-export-submit').click();
    await expect.poll(() => page.getByTestId('map-export-done').count(), { timeout: 30_000 }).toBe(1);
    const csv = await fs.readFile(path.join(out, 'embeddings.csv'), 'utf8');
    const embedded = fixture.app.repositories.embeddings.countEmbedded(fixture.app.activeEmbedder.id());
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + embedded);
    expect(csv).toContain(',Cora,confirmed,');
    await page.getByTestId('map-export-open').click();
    await expect.poll(() => page.getByTestId('map-export').count()).toBe(0);

    // A click on a face opens it in its photo.
    const target = fixture.faces.get('D')![1]!;
    const at = (await positionOf(page, target))!;
    await page.mouse.click(at[0], at[1]);
    await expect.poll(() => page.url()).toMatch(/#\/photos\/\d+\?face=\d+/);
    const url = new URL(page.url().replace('#/', ''));
    const openedFace = Number(url.searchParams.get('face'));
    const openedPhoto = Number(/photos\/(\d+)/.exec(page.url())![1]);
    expect(openedFace).toBe(target);
    expect(fixture.app.library.photoFaces(openedPhoto).map((face) => face.id)).toContain(target);
  });

  it('shows a 3D map that turns with a drag, in Chinese too', async () => {
    // A fresh page: the first test left the viewer open in this one.
    await page.goto('about:blank');
    await page.goto(`${fixture.url}#/embeddings`);
    await page.getByTestId('embeddings-dims').selectOption('3');
    const face = fixture.faces.get('Ada')![0]!;
    const key = (): Promise<string | null> => page.getByTestId('embeddings-scatter').getAttribute('data-key');
    await expect.poll(key, { timeout: 60_000 }).toMatch(/3/);
    await expect.poll(() => positionOf(page, face)).not.toBeNull();
    const before = (await positionOf(page, face))!;
    const scatter = page.getByTestId('embeddings-scatter');
    const pictureBefore = await scatter.screenshot();
    const box = (await page.getByTestId('embeddings-scatter').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 120, cy + 40, { steps: 10 });
    await page.mouse.up();
    // The turn is picked up when it settles: the face is elsewhere on the screen, and drawn there.
    await expect
      .poll(async () => {
        const after = (await positionOf(page, face))!;
        return Math.hypot(after[0] - before[0], after[1] - before[1]);
      })
      .toBeGreaterThan(5);
    // Every face still on the canvas after the turn is drawn where picking says it is.
    let drawn = 0;
    for (const other of [...fixture.faces.values()].flat()) {
      const [x, y] = (await positionOf(page, other))!;
      if (x < box.x + 4 || x > box.x + box.width - 4 || y < box.y + 4 || y > box.y + box.height - 4) continue;
      expect((await pixelOf(page, other))![3]).toBeGreaterThan(0);
      drawn++;
    }
    expect(drawn).toBeGreaterThan(0);
    expect((await scatter.screenshot()).equals(pictureBefore)).toBe(false);

    await expect.poll(() => page.getByTestId('embeddings-computing').count()).toBe(0);
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => page.locator('.embeddings h1').textContent()).toBe('嵌入图');
    await page.screenshot({ path: path.join(artifacts, 'embeddings-3d-zh-CN.png') });
    await page.getByTestId('locale-select').selectOption('en');
  });
});
