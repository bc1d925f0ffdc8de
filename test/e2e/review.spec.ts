import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceLabelView } from '../../src-main/api/contract';
import { launchChromium } from '../support/browser';
import { projectRoot } from '../support/cli';
import { startPeopleFixture, type PeopleFixture } from '../support/people-fixture';
import { makeTempDir } from '../support/temp';

const artifacts = path.join(projectRoot, 'test-results');

describe('the review queue', () => {
  let browser: Browser;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let fixture: PeopleFixture;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
    temp = await makeTempDir('review-ui');
    fixture = await startPeopleFixture(temp.dir);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await fixture?.close();
    await temp?.cleanup();
  });

  /** A face's label in the catalog now. */
  function label(faceId: number | null): FaceLabelView | undefined {
    return fixture.app.peopleViews.faces().find((face) => face.id === faceId);
  }

  /** The face on screen now, or null (no waiting). */
  function onScreen(): Promise<number | null> {
    return page.evaluate(() => {
      const id = document.querySelector('[data-testid="review-item"]')?.getAttribute('data-face-id');
      return id ? Number(id) : null;
    });
  }

  async function remaining(): Promise<string | null> {
    return page.getByTestId('review-remaining').textContent();
  }

  /** Waits for a face other than `faceId` to be on screen, and returns it. */
  async function next(faceId: number | null): Promise<number | null> {
    await expect.poll(onScreen).not.toBe(faceId);
    return onScreen();
  }

  /** Waits until every picture on the page has arrived (for the screenshots). */
  async function imagesLoaded(): Promise<void> {
    await page.waitForFunction(() =>
      [...document.images].every((image) => image.complete && image.naturalWidth > 0),
    );
  }

  /** The candidates' names on screen, in order. */
  function candidates(): Promise<string[]> {
    return page
      .getByTestId('review-candidate')
      .locator('.name')
      .evaluateAll((names) => names.map((name) => name.textContent?.trim() ?? ''));
  }

  it('decides close calls with Y, N and 1-5, and Z takes the last decision back', async () => {
    const closeCalls = fixture.faces.get('Ben|Bea') ?? [];
    const total = fixture.app.peopleViews.review(500).total;
    await page.goto(`${fixture.url}#/review`);
    await page.getByTestId('review-item').waitFor();
    await page.getByTestId('review-box').waitFor();
    await imagesLoaded();
    expect(await remaining()).toBe(`${total} faces left to review`);

    // Close calls come first, with their reason explained and both siblings as candidates.
    const first = await onScreen();
    expect(closeCalls).toContain(first);
    expect(await page.getByTestId('review-reason').first().textContent()).toContain('Close call');
    expect((await candidates()).slice(0, 2).sort()).toEqual(['Bea', 'Ben']);
    await page.screenshot({ path: path.join(artifacts, 'review-en.png') });

    // Y: the face becomes candidate 1's, confirmed by the user.
    const [accepted] = await candidates();
    await page.keyboard.press('y');
    const second = await next(first);
    await expect.poll(() => label(first)?.person).toBe(accepted);
    expect(label(first)).toMatchObject({ assignment: 'confirmed', by: 'user' });
    expect(await remaining()).toBe(`${total - 1} faces left to review`);

    // N: the face is rejected from candidate 1 (it is no longer theirs), and leaves the screen.
    expect(closeCalls).toContain(second);
    const before = label(second);
    const [rejected] = await candidates();
    await page.keyboard.press('n');
    const third = await next(second);
    await expect.poll(() => label(second)?.assignment).toBe('rejected');
    expect(label(second)?.person).not.toBe(rejected);
    expect(await remaining()).toBe(`${total - 2} faces left to review`);

    // Z: the rejection is undone, the face is back as it was, and back on screen.
    await page.keyboard.press('z');
    await expect.poll(onScreen).toBe(second);
    await expect.poll(() => label(second)).toEqual(before);
    expect(await remaining()).toBe(`${total - 1} faces left to review`);
    expect(third).not.toBe(first);

    // 2: the second candidate instead.
    const names = await candidates();
    await page.keyboard.press('2');
    await next(second);
    await expect.poll(() => label(second)?.person).toBe(names[1]);
    expect(label(second)).toMatchObject({ assignment: 'confirmed', by: 'user' });
    expect(await remaining()).toBe(`${total - 2} faces left to review`);
  });

  it('skips to the next face without a change, and never shows a decided face again', async () => {
    const shown = await onScreen();
    const before = label(shown);
    const count = await remaining();
    await page.keyboard.press('s');
    await next(shown);
    expect(label(shown)).toEqual(before);
    expect(await remaining()).toBe(count);
    await page.keyboard.press('z');
    await expect.poll(onScreen).toBe(shown);

    const decided = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const face = (await onScreen()) as number;
      expect(decided.has(face)).toBe(false);
      decided.add(face);
      await page.keyboard.press('y');
      await expect.poll(onScreen).not.toBe(face);
      if ((await onScreen()) === null) break;
    }
    await page.getByTestId('review-empty').waitFor();
    expect(await remaining()).toBe('Nothing left to review');
    expect(fixture.app.peopleViews.review(500).total).toBe(0);
  });

  it('speaks Chinese, and Z brings the last face back after the queue ran out', async () => {
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(remaining).toBe('没有待审核的人脸');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('z');
    await page.getByTestId('review-item').waitFor();
    await expect.poll(remaining).toBe('还有 1 张人脸待审核');
    await page.getByTestId('review-box').waitFor();
    await imagesLoaded();
    await page.screenshot({ path: path.join(artifacts, 'review-zh-CN.png') });
    await page.getByTestId('locale-select').selectOption('en');
  });
});
