import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot, startServe } from '../support/cli';
import { makeTempDir } from '../support/temp';

/** The text of a test id, whitespace trimmed. */
async function text(page: Page, testId: string): Promise<string | undefined> {
  return (await page.getByTestId(testId).first().textContent())?.trim();
}

describe('the UI in English and Simplified Chinese', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let host: Awaited<ReturnType<typeof startServe>>;
  const artifacts = path.join(projectRoot, 'test-results');

  beforeAll(async () => {
    temp = await makeTempDir('i18n');
    host = await startServe(path.join(temp.dir, 'catalog'));
    browser = await launchChromium();
    await fs.mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    host?.stop();
    await temp?.cleanup();
  });

  it('starts in English, switches to Chinese at once and remembers it across a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(host.url);
    await page.getByText('No photos yet').waitFor();
    expect(await text(page, 'nav-faces')).toBe('Faces');
    expect(await text(page, 'jobs-title')).toBe('Jobs');
    expect(await text(page, 'photo-count')).toBe('0 photos');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.screenshot({ path: path.join(artifacts, 'i18n-en.png') });

    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => text(page, 'nav-faces')).toBe('人脸');
    expect(await text(page, 'nav-library')).toBe('图库');
    expect(await text(page, 'nav-models')).toBe('模型');
    expect(await text(page, 'jobs-title')).toBe('任务');
    expect(await text(page, 'photo-count')).toBe('0 张照片');
    await page.getByText('还没有照片').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.evaluate(() => localStorage.getItem('faceatlas.locale'))).toBe('zh-CN');

    await page.reload();
    await page.getByText('还没有照片').waitFor();
    expect(await text(page, 'nav-faces')).toBe('人脸');
    expect(await text(page, 'jobs-title')).toBe('任务');
    expect(await page.getByTestId('locale-select').inputValue()).toBe('zh-CN');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.screenshot({ path: path.join(artifacts, 'i18n-zh-CN.png') });

    await page.getByTestId('nav-models').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('模型');

    await page.getByTestId('locale-select').selectOption('en');
    await expect.poll(() => text(page, 'nav-faces')).toBe('Faces');
    expect(await page.locator('h1').textContent()).toBe('Models');
    await page.close();
  });

  it('follows a Chinese browser until the user chooses a language', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(host.url);
    await page.getByText('还没有照片').waitFor();
    expect(await text(page, 'jobs-title')).toBe('任务');
    await page.close();
  });
});
