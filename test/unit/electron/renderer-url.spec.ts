import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, rendererUrlTest } from '../../../src-main/electron/renderer-url';

describe('isAllowedOrigin', () => {
  const dev = 'http://localhost:5173';

  it('accepts any page of the dev server, and the dev URL given with a path', () => {
    expect(isAllowedOrigin('http://localhost:5173/', dev)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173/src/main.ts?x=1#y', dev)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173/', 'http://localhost:5173/index.html')).toBe(true);
  });

  it.each([
    'http://localhost:5173.evil.example/',
    'http://localhost:51730/',
    'http://localhost:5173@evil.example/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s, which a prefix test may let through', (url) => {
    expect(isAllowedOrigin(url, dev)).toBe(false);
  });

  it('refuses everything when the dev URL is not an http origin', () => {
    expect(isAllowedOrigin('file:///app/index.html', 'file:///app/index.html')).toBe(false);
  });
});

describe('rendererUrlTest', () => {
  const rendererFile = '/opt/faceatlas/out/renderer/index.html';
  const file = pathToFileURL(rendererFile).toString();

  it('without a dev server, accepts only the built index.html', () => {
    const test = rendererUrlTest({ rendererFile });
    expect(test(file)).toBe(true);
    expect(test(`${file}#/people`)).toBe(true);
    expect(test(`${file}?view=grid`)).toBe(true);
    expect(test('file:///opt/faceatlas/out/renderer/other.html')).toBe(false);
    expect(test('file://evil.example/opt/faceatlas/out/renderer/index.html')).toBe(false);
    expect(test('http://localhost:5173/')).toBe(false);
  });

  it('with a dev server, accepts its exact origin only', () => {
    const test = rendererUrlTest({ devServer: 'http://localhost:5173', rendererFile });
    expect(test('http://localhost:5173/people')).toBe(true);
    expect(test('http://localhost:5173.evil/')).toBe(false);
    expect(test(file)).toBe(false);
  });
});
