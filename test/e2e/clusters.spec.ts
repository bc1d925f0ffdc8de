import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot } from '../support/cli';
import { startPeopleFixture, type PeopleFixture } from '../support/people-fixture';
import { makeTempDir } from '../support/temp';

const artifacts = path.join(projectRoot, 'test-results');

/** The ids of a person's faces in the catalog, sorted. */
function facesOf(fixture: PeopleFixture, person: string): number[] {
  return fixture.app.peopleViews
    .faces({ person })
    .map((face) => face.id)
    .sort((a, b) => a - b);
}

function truth(fixture: PeopleFixture, who: string): number[] {
  return [...(fixture.faces.get(who) ?? [])].sort((a, b) => a - b);
}

/** The card of the cluster holding a face now (found once: it stays that card if the face is taken out). */
async function cardWith(page: Page, faceId: number): Promise<Locator> {
  const holder = page.getByTestId('cluster-card').filter({ has: page.locator(`[data-face-id="${faceId}"]`) });
  const cluster = await holder.getAttribute('data-cluster');
  return page.locator(`[data-testid="cluster-card"][data-cluster="${cluster}"]`);
}

function face(page: Page, faceId: number): Locator {
  return page.locator(`[data-testid="cluster-face"][data-face-id="${faceId}"]`);
}

/** The test id of the card the keyboard focus is in, by one of its faces. */
function focusedCardFaces(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [
      ...(document.activeElement
        ?.closest('[data-testid="cluster-card"]')
        ?.querySelectorAll('[data-face-id]') ?? []),
    ].map((element) => Number(element.getAttribute('data-face-id'))),
  );
}

describe('naming clusters', () => {
  let browser: Browser;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let fixture: PeopleFixture;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    temp = await makeTempDir('clusters-ui');
    fixture = await startPeopleFixture(temp.dir);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(`${fixture.url}#/clusters`);
    await page.getByTestId('cluster-card').first().waitFor();
  });
  afterEach(async () => {
    await page?.close();
    await fixture?.close();
    await temp?.cleanup();
  });

  it('names the largest cluster from the keyboard, then the caret moves to the next one', async () => {
    expect(await page.getByTestId('cluster-count').textContent()).toBe('4 unnamed clusters');
    expect(await page.getByTestId('cluster-card').count()).toBe(4);
    // Largest first: C's 8 faces, the one in the group photo included.
    expect((await focusedCardFaces(page)).sort((a, b) => a - b)).toEqual(truth(fixture, 'C'));
    await page.screenshot({ path: path.join(artifacts, 'clusters-en.png') });

    await page.keyboard.type('Carl');
    await expect.poll(() => page.getByTestId('cluster-hint').first().textContent()).toContain('new person');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('3 unnamed clusters');
    expect(facesOf(fixture, 'Carl')).toEqual(truth(fixture, 'C'));
    expect(fixture.app.peopleViews.faces({ person: 'Carl', confirmedOnly: true })).toHaveLength(8);
    // The next cluster (D's 5 faces) has the caret: another name can be typed at once.
    await expect
      .poll(async () => (await focusedCardFaces(page)).sort((a, b) => a - b))
      .toEqual(truth(fixture, 'D'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'cluster-name',
    );

    // PageDown / PageUp go from card to card (↑ / ↓ too, outside the name field); a card's faces are one Tab stop.
    const active = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const sorted = async (): Promise<number[]> => (await focusedCardFaces(page)).sort((a, b) => a - b);
    await page.keyboard.press('PageDown');
    await expect.poll(sorted).toEqual(truth(fixture, 'Ben|Bea'));
    await page.keyboard.press('PageUp');
    await expect.poll(sorted).toEqual(truth(fixture, 'D'));
    await page.keyboard.press('Tab');
    expect(await active()).toBe('cluster-face');
    expect(await sorted()).toEqual(truth(fixture, 'Ben|Bea'));
    await page.keyboard.press('Tab');
    expect(await active()).toBe('cluster-name');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowUp');
    await expect.poll(sorted).toEqual(truth(fixture, 'D'));
    expect(await active()).toBe('cluster-name');

    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('3 个未命名聚类');
    await page.screenshot({ path: path.join(artifacts, 'clusters-zh-CN.png') });
    await page.getByTestId('locale-select').selectOption('en');
  });

  it('selects faces with clicks and keys, and leaves out a face taken out before naming', async () => {
    const d = truth(fixture, 'D');
    const groupFace = (fixture.faces.get('D') ?? []).at(-1) as number; // D's face in the group photo
    const card = await cardWith(page, groupFace);
    const ids = await card
      .getByTestId('cluster-face')
      .evaluateAll((faces) => faces.map((f) => Number(f.getAttribute('data-face-id'))));
    const selected = (): Promise<number> => card.locator('[aria-selected="true"]').count();

    await face(page, ids[0] as number).click();
    await face(page, ids[2] as number).click({ modifiers: ['Shift'] });
    expect(await selected()).toBe(3);
    await face(page, ids[1] as number).click({ modifiers: ['Control'] });
    expect(await selected()).toBe(2);
    await page.keyboard.press('Escape');
    expect(await selected()).toBe(0);
    await page.keyboard.press('Control+a');
    expect(await selected()).toBe(5);
    await page.keyboard.press('Escape');

    await face(page, groupFace).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => card.getByTestId('cluster-removed').textContent()).toContain('1 taken out');
    expect(await card.getByTestId('cluster-face').count()).toBe(4);

    await card.getByTestId('cluster-name').fill('Dora');
    await card.getByTestId('cluster-name').press('Enter');
    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('3 unnamed clusters');
    expect(facesOf(fixture, 'Dora')).toEqual(d.filter((id) => id !== groupFace));
    const left = fixture.app.peopleViews.faces().find((f) => f.id === groupFace);
    expect(left?.person).toBeNull();
  });

  it('joins a cluster to an existing person by name, whatever the case', async () => {
    const e = truth(fixture, 'E');
    const card = await cardWith(page, e[0] as number);
    const adaBefore = facesOf(fixture, 'Ada');
    const peopleBefore = fixture.app.peopleViews.people().length;

    await card.getByTestId('cluster-name').fill('ada');
    await expect.poll(() => card.getByTestId('cluster-hint').textContent()).toContain('Joins Ada');
    expect(await card.getByTestId('cluster-submit').textContent()).toContain('Join');
    await card.getByTestId('cluster-name').press('Enter');

    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('3 unnamed clusters');
    expect(facesOf(fixture, 'Ada')).toEqual([...adaBefore, ...e].sort((a, b) => a - b));
    expect(fixture.app.peopleViews.people()).toHaveLength(peopleBefore);
  });

  it('takes a global undo back into the list', async () => {
    await page.keyboard.type('Carl');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('3 unnamed clusters');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('cluster-count').textContent()).toBe('4 unnamed clusters');
    expect(fixture.app.peopleViews.people().some((p) => p.name === 'Carl')).toBe(false);
  });
});
