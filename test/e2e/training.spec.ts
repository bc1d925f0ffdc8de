import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../src-main/app/container';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { launchChromium } from '../support/browser';
import { projectRoot } from '../support/cli';
import { makeTempDir } from '../support/temp';
import { seedTrainingCatalog } from '../support/training-fixture';

const artifacts = path.join(projectRoot, 'test-results');

/** How many points the run page's chart of `metric` draws (its data attribute, not pixels). */
async function chartPoints(page: Page, metric: string): Promise<number> {
  return Number(
    await page.locator(`[data-testid="run-curves"][data-metric="${metric}"]`).getAttribute('data-points'),
  );
}

describe('the training dashboard (@smoke)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let host: RunningHost;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    temp = await makeTempDir('training-e2e');
    ({ app } = await seedTrainingCatalog(temp.dir, 3, 8));
    host = await startHost({ app, rendererDir: path.join(projectRoot, 'out/renderer') });
    url = `http://127.0.0.1:${host.port}/?token=${host.token}`;
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.shutdown();
    await temp?.cleanup();
  });

  it('starts a run from the form, watches it live, stops and resumes it, opens its report, compares runs', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    await page.goto(url);
    await page.getByTestId('nav-training').click();
    // The dataset it would train on, before anything starts.
    await expect.poll(() => page.getByTestId('dataset-people').textContent()).toBe('3');
    expect(await page.getByTestId('dataset-test').textContent()).toBe('6');

    // A refused value is named beside its field, and Start stays off.
    await page.getByTestId('field-batchSize').fill('0');
    await expect
      .poll(() => page.getByTestId('field-error-batchSize').textContent())
      .toContain('must be an integer');
    expect(await page.getByTestId('run-start').isDisabled()).toBe(true);

    // A tiny scratch run: 15 training faces in batches of 6, 3 steps an epoch, a validation face per person.
    await page.getByTestId('field-batchSize').fill('6');
    await page.getByTestId('field-epochs').fill('6');
    await page.getByTestId('field-split.valPerPerson').fill('1');
    for (const kind of ['flip', 'crop', 'color']) {
      await page.getByTestId(`field-augment.${kind}`).selectOption('false');
    }
    await expect.poll(() => page.getByTestId('field-error-batchSize').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'training-form.png') });
    await expect.poll(() => page.getByTestId('run-start').isEnabled()).toBe(true);
    await page.getByTestId('run-start').click();
    // The run page opens once the run is queued (its dataset read and split): seconds on a loaded machine.
    await page.getByTestId('run-view').waitFor({ timeout: 60_000 });
    const firstRun = Number(/runs\/(\d+)/.exec(page.url())?.[1]);

    // The loss chart gains points while it trains.
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const seen = await chartPoints(page, 'loss');
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 30_000 }).toBeGreaterThan(seen);
    await page.screenshot({ path: path.join(artifacts, 'training-run-live.png') });

    await page.getByTestId('run-stop').click();
    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('stopped');
    const stoppedAt = app.training.get(firstRun).step;
    expect(stoppedAt).toBeLessThan(18);
    await page.getByTestId('run-resume').click();
    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'), { timeout: 90_000 })
      .toBe('completed');
    // Every step drawn once (the replayed ones not twice), and each epoch's validation loss.
    await expect.poll(() => chartPoints(page, 'loss')).toBe(18 + 6);
    // Accuracy: the training batch's at every step, validation's at every epoch's end.
    expect(await chartPoints(page, 'accuracy')).toBe(18 + 6);
    await expect.poll(() => page.getByTestId('run-log').locator('[data-kind="epoch"]').count()).toBe(6);
    await page.screenshot({ path: path.join(artifacts, 'training-run-done.png') });

    await page.getByTestId('run-report').click();
    await page.getByTestId('run-report-view').waitFor();
    await expect
      .poll(() => page.getByTestId('report-accuracy').textContent())
      .toMatch(/Test accuracy [\d.]+% on 6 faces/);
    expect(Number(await page.getByTestId('report-confusion').getAttribute('data-cells'))).toBeGreaterThan(0);
    await page.getByTestId('report-confusion').locator('canvas').first().waitFor();
    await page.getByTestId('report-roc').locator('canvas').first().waitFor();
    await page.screenshot({ path: path.join(artifacts, 'training-report.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByTestId('report-export-html').click();
    const html = await fs.readFile(await (await download).path(), 'utf8');
    expect(html).toContain('<img src="data:image/png;base64,');

    // A second run, a head on the stored embeddings, then the two compared.
    await page.getByTestId('nav-training').click();
    await page.getByTestId('field-mode').selectOption('head');
    await page.getByTestId('field-epochs').fill('5');
    await expect.poll(() => page.getByTestId('field-architecture').count()).toBe(0);
    await expect.poll(() => page.getByTestId('run-start').isEnabled()).toBe(true);
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-view').waitFor();
    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('completed');
    await page.getByTestId('nav-training').click();
    for (const pick of await page.getByTestId('run-pick').all()) await pick.check();
    await page.getByTestId('compare-runs').click();
    await page.getByTestId('compare-view').waitFor();
    const differs = page.locator('[data-testid="compare-config-row"][data-differs="true"]');
    await expect.poll(() => differs.count()).toBeGreaterThan(0);
    expect(await differs.locator('th').allTextContents()).toContain('mode');
    await expect.poll(() => chartPoints(page, 'loss')).toBe(18 + 6 + 5);
    await page.screenshot({ path: path.join(artifacts, 'training-compare.png'), fullPage: true });
    await page.close();
  });
});
