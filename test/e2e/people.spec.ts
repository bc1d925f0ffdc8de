import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot } from '../support/cli';
import { startPeopleFixture, type PeopleFixture } from '../support/people-fixture';
import { makeTempDir } from '../support/temp';

const artifacts = path.join(projectRoot, 'test-results');

describe('the People UI (@smoke)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let fixture: PeopleFixture;
  let browser: Browser;

  beforeAll(async () => {
    temp = await makeTempDir('people-e2e');
    fixture = await startPeopleFixture(temp.dir);
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await temp?.cleanup();
  });

  /** A fresh page (own storage, so English) on a route of the UI. */
  async function open(route: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(`${fixture.url}#${route}`);
    return page;
  }

  function personId(name: string): number {
    const person = fixture.app.peopleViews.people().find((p) => p.name === name);
    if (!person) throw new Error(`no person named ${name}`);
    return person.id;
  }

  /** Each card on screen: its name and face count, in screen order. */
  function cards(page: Page): Promise<string[]> {
    return page.getByTestId('person-name').allTextContents();
  }

  function card(page: Page, name: string) {
    return page.getByTestId('person-card').filter({ has: page.getByText(name, { exact: true }) });
  }

  /** Distances of the faces on a person page, in screen order (rows top to bottom, left to right). */
  async function shownDistances(page: Page): Promise<number[]> {
    const faces = await page.getByTestId('person-face').evaluateAll((cells) =>
      cells.map((cell) => {
        const { top, left } = cell.getBoundingClientRect();
        return { top, left, distance: Number(cell.getAttribute('data-distance')) };
      }),
    );
    return faces.sort((a, b) => a.top - b.top || a.left - b.left).map((face) => face.distance);
  }

  it('look-alikes: Ben and Bea come first, side by side with their faces', async () => {
    const page = await open('/people');
    await page.getByTestId('lookalikes-link').click();
    const first = page.getByTestId('lookalike-pair').first();
    await first.waitFor();
    expect((await first.getAttribute('data-names'))?.split('|').sort()).toEqual(['Bea', 'Ben']);
    expect(await first.getByTestId('lookalike-person').allTextContents()).toEqual([
      expect.stringContaining('B'),
      expect.stringContaining('B'),
    ]);
    await expect.poll(() => first.locator('.strip img').count()).toBe(8);
    await page.screenshot({ path: path.join(artifacts, 'lookalikes-en.png') });

    await first.getByTestId('lookalike-person').first().click();
    await expect.poll(() => page.getByTestId('person-title').textContent()).toMatch(/Be[an]/);
    await page.close();
  });

  it('person page: outliers first; N rejects a face, C sets the cover', async () => {
    const ada = personId('Ada');
    const page = await open(`/people/${ada}`);
    await expect.poll(() => page.getByTestId('person-face').count()).toBe(7);
    const distances = await shownDistances(page);
    expect(distances.every((d) => Number.isFinite(d) && d > 0)).toBe(true);
    for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeLessThanOrEqual(distances[i - 1]!);
    expect(await page.getByTestId('face-mark').count()).toBeGreaterThan(0);

    const faces = page.getByTestId('person-face');
    const outlier = Number(await faces.first().getAttribute('data-face-id'));
    await faces.first().click();
    await page.screenshot({ path: path.join(artifacts, 'person-en.png') });
    await page.keyboard.press('n');
    await expect
      .poll(() => fixture.app.peopleViews.person(ada).faces.map((face) => face.id))
      .not.toContain(outlier);
    await expect.poll(() => page.locator(`[data-face-id="${outlier}"]`).count()).toBe(0);

    const last = page.getByTestId('person-face').last();
    const cover = Number(await last.getAttribute('data-face-id'));
    await last.click();
    await page.keyboard.press('c');
    await expect.poll(() => fixture.app.peopleViews.people().find((p) => p.id === ada)?.cover).toBe(cover);
    const listed = await page.evaluate(async () => {
      const response = await fetch('/api/people.list', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return (await response.json()) as Array<{ name: string; cover: number | null }>;
    });
    expect(listed.find((p) => p.name === 'Ada')?.cover).toBe(cover);
    await page.close();
  });

  it('merges Ben and Bea with M, then Ctrl+Z brings both back', async () => {
    const page = await open('/people');
    const counts = (): string[] => fixture.app.peopleViews.people().map((p) => `${p.name}:${p.faces}`);
    const before = counts();
    const ada = before[0]!;
    expect(before).toEqual([ada, 'Bea:4', 'Ben:4']);
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Bea', 'Ben']);
    await card(page, 'Ben').click();
    await card(page, 'Bea').click({ modifiers: ['ControlOrMeta'] });
    await expect.poll(() => page.getByTestId('people-selected').textContent()).toContain('2 selected');
    await page.screenshot({ path: path.join(artifacts, 'people-en.png') });

    await page.keyboard.press('m');
    await page.getByTestId('merge-dialog').waitFor();
    expect(await page.getByTestId('merge-choice').count()).toBe(2);
    await page.screenshot({ path: path.join(artifacts, 'people-merge-en.png') });
    await page.getByTestId('merge-choice').filter({ hasText: 'Ben' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(counts).toEqual([ada, 'Ben:8']);
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Ben']);

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Undone: merge people');
    await expect.poll(counts).toEqual(before);
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Bea', 'Ben']);
    await page.close();
  });

  it('renames from the person page (F2) and moves a face to another person (T), both undoable', async () => {
    const ada = personId('Ada');
    const ben = personId('Ben');
    const page = await open(`/people/${ada}`);
    await expect.poll(() => page.getByTestId('person-title').textContent()).toContain('Ada');
    await page.keyboard.press('F2');
    await page.getByTestId('rename-input').fill('Ada Lovelace');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => fixture.app.peopleViews.people().find((p) => p.id === ada)?.name)
      .toBe('Ada Lovelace');
    await expect.poll(() => page.getByTestId('person-title').textContent()).toContain('Ada Lovelace');

    const face = page.getByTestId('person-face').first();
    const moved = Number(await face.getAttribute('data-face-id'));
    await face.click();
    await page.keyboard.press('t');
    await page.keyboard.type('Ben');
    await page.keyboard.press('Enter');
    await expect.poll(() => fixture.app.peopleViews.person(ben).faces.map((f) => f.id)).toContain(moved);
    await expect.poll(() => page.locator(`[data-face-id="${moved}"]`).count()).toBe(0);

    await page.keyboard.press('Control+z');
    await expect.poll(() => fixture.app.peopleViews.person(ben).faces.map((f) => f.id)).not.toContain(moved);
    await expect.poll(() => page.locator(`[data-face-id="${moved}"]`).count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => fixture.app.peopleViews.people().find((p) => p.id === ada)?.name).toBe('Ada');
    await expect.poll(() => page.getByTestId('person-title').textContent()).not.toContain('Lovelace');
    await page.close();
  });

  it('merges a look-alike pair in the chosen direction; deletes a person after confirming', async () => {
    const counts = (): string[] => fixture.app.peopleViews.people().map((p) => `${p.name}:${p.faces}`);
    const before = counts();
    const page = await open('/lookalikes');
    const first = page.getByTestId('lookalike-pair').first();
    const [left, right] = (await first.getAttribute('data-names'))!.split('|') as [string, string];
    await first.getByTestId('lookalike-merge-b').click();
    await page.getByTestId('merge-dialog').waitFor();
    expect(await page.locator('[data-testid="merge-choice"] input:checked').count()).toBe(1);
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(counts).toEqual([before[0], `${right}:8`]);
    expect(counts().some((entry) => entry.startsWith(`${left}:`))).toBe(false);
    // Ctrl+Z belongs to the page once the dialog has gone (while it closes, its focus trap holds the keys).
    await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await expect.poll(counts, { timeout: 10_000 }).toEqual(before);

    await page.getByTestId('lookalikes-back').click();
    await card(page, 'Bea').click();
    await page.keyboard.press('Delete');
    await page.getByTestId('delete-dialog').waitFor();
    // A danger dialog starts on Cancel, keeps Tab inside itself, and gives the focus back when it closes.
    const focused = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await expect.poll(focused).toBe('dialog-cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('dialog-confirm');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('dialog-cancel');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('delete-dialog').count()).toBe(0);
    expect(await focused()).toBe('person-card');
    expect(counts()).toEqual(before);
    await page.keyboard.press('Delete');
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(counts).toEqual(before.filter((entry) => !entry.startsWith('Bea:')));
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Ben']);
    await page.keyboard.press('Control+z');
    await expect.poll(counts).toEqual(before);
    await page.close();
  });

  it('filters by name with / and hides a person behind the checkbox', async () => {
    const page = await open('/people');
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Bea', 'Ben']);
    await page.keyboard.press('/');
    await page.keyboard.type('be');
    await expect.poll(() => cards(page)).toEqual(['Bea', 'Ben']);
    await page.keyboard.press('Escape');
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Bea', 'Ben']);
    // Cards are reachable from the keyboard: arrows move the focus, Space selects the focused one.
    await card(page, 'Ada').click();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index')))
      .toBe('1');
    await page.keyboard.press(' ');
    await expect.poll(() => card(page, 'Bea').getAttribute('aria-selected')).toBe('true');
    expect(await card(page, 'Ada').getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await expect.poll(() => card(page, 'Ada').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('h');
    await expect
      .poll(() => fixture.app.peopleViews.people().find((p) => p.name === 'Ada')?.hidden)
      .toBe(true);
    await expect.poll(() => cards(page)).toEqual(['Bea', 'Ben']);
    await page.getByTestId('people-show-hidden').check();
    await expect.poll(() => cards(page)).toEqual(['Ada', 'Bea', 'Ben']);
    await card(page, 'Ada').click();
    await page.getByTestId('people-hide').click();
    await expect
      .poll(() => fixture.app.peopleViews.people().find((p) => p.name === 'Ada')?.hidden)
      .toBe(false);
    await page.close();
  });

  it('shows the three views in Simplified Chinese', async () => {
    const page = await open('/people');
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('人物');
    await card(page, 'Bea').click();
    await card(page, 'Ben').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('people-selected').textContent()).toContain('已选 2 项');
    await page.screenshot({ path: path.join(artifacts, 'people-zh-CN.png') });

    await card(page, 'Ada').dblclick();
    await expect.poll(() => page.getByTestId('person-title').textContent()).toContain('Ada');
    await page.getByTestId('person-face').first().click();
    await page
      .getByTestId('person-face')
      .nth(2)
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('person-selected').textContent()).toContain('已选 3 张人脸');
    await page.screenshot({ path: path.join(artifacts, 'person-zh-CN.png') });

    await page.goto(`${fixture.url}#/lookalikes`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('相似人物');
    await expect.poll(() => page.getByTestId('lookalike-pair').first().locator('.strip img').count()).toBe(8);
    await page.screenshot({ path: path.join(artifacts, 'lookalikes-zh-CN.png') });
    await page.close();
  });
});
