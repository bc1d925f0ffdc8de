import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName, CommandOutput } from '../../src-main/api/contract';
import type { Container } from '../../src-main/app/container';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { saveLayersModel } from '../../src-main/training/run/save-model';
import { initBackend } from '../../src-main/vision/backend';
import { launchChromium } from '../support/browser';
import { seedPhoto } from '../support/catalog-seed';
import { projectRoot } from '../support/cli';
import { makeTempDir } from '../support/temp';
import { saveTinyEmbedder } from '../support/tiny-embedder';
import { seedTrainingCatalog, trainingClassNames, writeClassCrop } from '../support/training-fixture';

const artifacts = path.join(projectRoot, 'test-results');

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

/** The mean of a person's labeled bundled vectors, unit length. */
function centreOf(app: Container, personId: number): Float32Array {
  const rows = app.repositories.embeddings
    .labeled(app.models.embedder)
    .filter((row) => row.personId === personId);
  const sum = new Float32Array(128);
  for (const row of rows) {
    const v = new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + 512));
    v.forEach((x, d) => (sum[d]! += x));
  }
  const norm = Math.hypot(...sum);
  return sum.map((x) => x / norm);
}

/**
 * A head as a trained head run saves one (logits = 20 x cosine to each person's centre), registered as the
 * train job registers it: a classifier whose suggestions are certain for faces near a person's centre.
 */
async function saveHead(app: Container, catalogDir: string, people: number[]): Promise<void> {
  const centres = people.map((id) => centreOf(app, id));
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: people.length, useBias: false, inputShape: [128], name: 'logits' })],
  });
  const kernel = new Float32Array(128 * people.length);
  centres.forEach((centre, c) => centre.forEach((x, d) => (kernel[d * people.length + c] = 20 * x)));
  model.getLayer('logits').setWeights([tf.tensor2d(kernel, [128, people.length])]);
  await saveLayersModel(model, path.join(catalogDir, 'runs', '9', 'model'), {
    config: { mode: 'head' },
    classes: people.map((personId, index) => ({ personId, name: trainingClassNames[index], index })),
    embeddingLayer: model.inputs[0]!.name,
  });
  model.dispose();
  app.repositories.models.register({
    name: 'run-9-head',
    role: 'classifier',
    origin: 'trained',
    path: 'runs/9/model',
    metadata: { runId: 9, config: { mode: 'head' } },
  });
}

/** The user's labels as the API lists them (cluster ids follow the embedder, so they are left out). */
async function userLabels(page: Page): Promise<unknown[]> {
  const faces = await api(page, 'people.faces', { confirmedOnly: true });
  return faces.map(({ id, personId, assignment, by }) => ({ id, personId, assignment, by }));
}

const row = (page: Page, name: string) => page.locator(`[data-testid="embedder-row"][data-name="${name}"]`);

describe('the Models view (@smoke)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let host: RunningHost;
  let browser: Browser;
  let url: string;
  let openFaces: number[];

  beforeAll(async () => {
    await initBackend('cpu');
    temp = await makeTempDir('models-e2e');
    let catalogDir: string;
    ({ app, catalogDir } = await seedTrainingCatalog(temp.dir, 3, 5));
    const people = trainingClassNames.slice(0, 3).map((name) => app.repositories.people.findByName(name)!);
    await saveHead(app, catalogDir, people);
    // Three faces nobody labeled, each at one person's centre, with crops the grid can show.
    openFaces = [];
    for (const [c, personId] of people.entries()) {
      const index = 100 + c;
      openFaces.push(seedPhoto(app, index, [centreOf(app, personId)])[0]!);
      await writeClassCrop(path.join(catalogDir, `media/faces/${index}-0.jpg`), c, index);
    }
    await saveTinyEmbedder(path.join(temp.dir, 'tiny'), { seed: 3 });
    await saveTinyEmbedder(path.join(temp.dir, 'broken'));
    await fs.rm(path.join(temp.dir, 'broken', 'weights.bin'));
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

  it('imports a model, switches to it through a re-embedding job with an A/B report, and back', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    await page.goto(url);
    await page.getByTestId('nav-models').click();
    await expect.poll(() => page.locator('[data-testid="embedder-row"][data-active="true"]').count()).toBe(1);
    const bundledName = await page
      .locator('[data-testid="embedder-row"][data-active="true"]')
      .getAttribute('data-name');
    const labelsBefore = await userLabels(page);

    // A folder without its weights is refused in place, with the backend's reason; nothing registered.
    await page.getByTestId('import-model-folder').fill(path.join(temp.dir, 'broken'));
    await page.getByTestId('import-model-submit').click();
    await expect
      .poll(() => page.getByTestId('import-model-error').textContent(), { timeout: 30_000 })
      .toContain('weight file weights.bin is missing');
    const rows = await page.getByTestId('embedder-row').count();

    await page.getByTestId('import-model-folder').fill(path.join(temp.dir, 'tiny'));
    await page.getByTestId('import-model-name').fill('tiny');
    await page.getByTestId('import-model-submit').click();
    await page.getByTestId('import-model-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-model-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('embedder-row').count()).toBe(rows + 1);
    expect(await row(page, 'tiny').getAttribute('data-active')).toBe('false');
    const missing = Number(await row(page, 'tiny').getByTestId('embedder-missing').textContent());
    expect(missing).toBe(15 + openFaces.length);

    // Use it: the dialog says what happens, the job runs to the end, the A/B report follows.
    await row(page, 'tiny').getByTestId('use-model').click();
    expect(await page.getByTestId('use-confirm-text').textContent()).toContain(`re-embeds ${missing} faces`);
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('reembed-job').waitFor();
    await expect.poll(() => row(page, 'tiny').getAttribute('data-active'), { timeout: 60_000 }).toBe('true');
    const tinyId = await row(page, 'tiny').getAttribute('data-model');
    const report = page.getByTestId('ab-report');
    await expect.poll(() => report.getAttribute('data-model'), { timeout: 30_000 }).toBe(tinyId);
    // The job's last progress event may come a moment after the switch it made.
    await expect
      .poll(() => page.getByTestId('reembed-job').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('done');
    expect(await row(page, 'tiny').getByTestId('embedder-missing').textContent()).toBe('0');
    const bundledId = await row(page, bundledName!).getAttribute('data-model');
    expect(await report.getAttribute('data-against')).toBe(bundledId);
    expect(await report.getByTestId('ab-row').evaluateAll((all) => all.map((r) => r.dataset.metric))).toEqual(
      ['accuracy', 'eer', 'tar', 'rank1', 'bcubed'],
    );
    // The generated fixture's bundled vectors separate the three people perfectly: the bundled side wins
    // (or ties) rank-1, and a win is what is highlighted.
    const rank1 = report.locator('[data-metric="rank1"] td');
    expect(await rank1.nth(1).textContent()).toContain('100.0%');
    expect(await rank1.nth(0).getAttribute('data-better')).toBe('false');
    await page.screenshot({ path: path.join(artifacts, 'models-switched.png'), fullPage: true });

    // Export the imported model: the files written are listed.
    await page.getByTestId('export-model').selectOption({ label: 'tiny' });
    await page.getByTestId('export-folder').fill(path.join(temp.dir, 'exported'));
    await page.getByTestId('export-submit').click();
    await expect
      .poll(() => page.getByTestId('export-files').locator('li').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['faceatlas.json', 'model.json', 'weights.bin']));
    expect((await fs.readdir(path.join(temp.dir, 'exported'))).sort()).toEqual([
      'faceatlas.json',
      'model.json',
      'weights.bin',
    ]);

    // Back to the bundled embedder: instant (its embeddings were kept), with its own report.
    await row(page, bundledName!).getByTestId('use-model').click();
    expect(await page.getByTestId('use-confirm-text').textContent()).toContain('immediate');
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => row(page, bundledName!).getAttribute('data-active')).toBe('true');
    await expect.poll(() => report.getAttribute('data-model')).toBe(bundledId);
    expect(await report.getAttribute('data-against')).toBe(tinyId);
    expect(await userLabels(page)).toEqual(labelsBefore);
    await page.close();
  });

  it("accepts and rejects a trained classifier's suggestions from the keyboard, and Ctrl+Z brings one back", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    await page.goto(url);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('suggest-model').waitFor();
    await page.getByTestId('suggest-run').click();
    await expect.poll(() => page.getByTestId('suggestion').count(), { timeout: 30_000 }).toBe(3);
    const first = page.getByTestId('suggestion').first();
    const face = Number(await first.getAttribute('data-face'));
    const name = (await first.getByTestId('suggestion-name').textContent())!;
    expect(openFaces).toContain(face);
    expect(face).toBe(openFaces[trainingClassNames.indexOf(name)]);
    await page.screenshot({ path: path.join(artifacts, 'models-suggestions.png'), fullPage: true });

    // The grid has the keyboard: A accepts the face under the cursor, and it leaves the list.
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('suggestion').count()).toBe(2);
    const labeled = await api(page, 'people.faces', { person: name, confirmedOnly: true });
    expect(labeled.map((f) => f.id)).toContain(face);

    // R rejects the next one; Ctrl+Z (the app's undo) brings it back from the classifier.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    const rejected = Number(
      await page.locator('[data-testid="suggestion"][data-current="true"]').getAttribute('data-face'),
    );
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('suggestion').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => page.locator(`[data-testid="suggestion"][data-face="${rejected}"]`).count(), {
        timeout: 30_000,
      })
      .toBe(1);

    await page.getByTestId('suggest-accept-all').click();
    await expect.poll(() => page.getByTestId('suggestion').count()).toBe(0);
    const open = await api(page, 'people.faces', {});
    for (const id of openFaces) expect(open.find((f) => f.id === id)?.by).toBe('user');
    await page.close();
  });
});
