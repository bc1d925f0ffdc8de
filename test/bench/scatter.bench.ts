/**
 * The embedding map's scatter in headless Chromium with software GL (SwiftShader): 100k generated points,
 * frame times while panning and zooming (120 frames each) for each moving strategy of the real
 * ScatterView ('full' draws every point every frame: the baseline). Target: median pan frame <= 50 ms.
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { printTable } from './bench-support';

const points = 100_000;
const frames = 120;
const viewport = { width: 1280, height: 800 };

/** The harness page's script: scatter-page.ts and the renderer modules, bundled into one IIFE. */
async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.join(import.meta.dirname, 'scatter-page.ts'),
        formats: ['iife'],
        name: 'scatterBenchPage',
      },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if ('output' in result) {
      const chunk = result.output.find((item) => item.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('scatter bench: the page did not bundle');
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** Runs the scatter bench; prints a table and one JSON line. */
export async function benchScatter(): Promise<void> {
  const script = await bundle();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  try {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><body style="margin:0;background:#111"></body>');
    await page.addScriptTag({ content: script });
    const rows: Record<string, string | number>[] = [];
    let gl = '';
    const configs = [
      { strategy: 'subset', budget: 12_000 },
      { strategy: 'subset', budget: 6_000 },
      { strategy: 'subset', budget: 25_000 },
      { strategy: 'snapshot', budget: 12_000 },
      { strategy: 'full', budget: 0 },
    ] as const;
    for (const { strategy, budget } of configs) {
      gl = await page.evaluate(([n, s, w, h, b]) => window.scatterBench!.setup(n, s, w, h, b), [
        points,
        strategy,
        viewport.width,
        viewport.height,
        budget,
      ] as const);
      const redraw = await page.evaluate(() => window.scatterBench!.fullRedraw());
      const pan = await page.evaluate((n) => window.scatterBench!.pan(n), frames);
      const zoom = await page.evaluate((n) => window.scatterBench!.zoom(n), frames);
      rows.push({
        strategy: strategy === 'subset' ? `subset ${budget / 1000}k` : strategy,
        'full redraw ms': round(redraw),
        'pan median ms': round(quantile(pan, 0.5)),
        'pan p95 ms': round(quantile(pan, 0.95)),
        'zoom median ms': round(quantile(zoom, 0.5)),
        'zoom p95 ms': round(quantile(zoom, 0.95)),
      });
    }
    const baseline = rows.find((row) => row.strategy === 'full');
    for (const row of rows) {
      row['pan speed-up'] = round((baseline?.['pan median ms'] as number) / (row['pan median ms'] as number));
    }
    printTable(
      `scatter: ${points} points, ${frames} frames, ${viewport.width}x${viewport.height}, ${gl}`,
      rows,
    );
    // The first row is the view's default (ScatterView: 'subset', 12k).
    const chosen = rows[0];
    console.log(
      JSON.stringify({
        bench: 'scatter',
        points,
        frames,
        gl,
        softwareGl: /swiftshader/i.test(gl),
        target: { panMedianMs: 50 },
        passed: (chosen?.['pan median ms'] as number) <= 50,
        rows,
      }),
    );
  } finally {
    await browser.close();
  }
}
