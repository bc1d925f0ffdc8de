import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayPath, toFsPath, toStoredPath } from '../../src-main/util/fs-path';

const bytesOf = (stored: string): Buffer => {
  const fsPath = toFsPath(stored);
  return typeof fsPath === 'string' ? Buffer.from(fsPath, 'utf8') : fsPath;
};
const latin1Cafe = Buffer.concat([Buffer.from('/photos/caf'), Buffer.of(0xe9), Buffer.from('.jpg')]);

describe('stored file paths', () => {
  it('stores a UTF-8 path as itself and opens it by that string', () => {
    for (const text of [
      '/photos/a.jpg',
      '/ünïcödé/名前.png',
      '/x/with %E9 percent.jpg',
      '/x/lone \uFFFD.jpg',
    ]) {
      expect(toStoredPath(Buffer.from(text))).toBe(text);
      expect(toFsPath(text)).toBe(text);
      expect(displayPath(text)).toBe(text);
    }
  });

  it('keeps the bytes of a Latin-1 name, escaped only in that name, and shows it lossily', () => {
    const stored = toStoredPath(latin1Cafe);
    expect(stored).toBe('/photos/caf\uFFFDE9.jpg');
    expect(toFsPath(stored)).toEqual(latin1Cafe);
    expect(displayPath(stored)).toBe('/photos/caf\uFFFD.jpg');
  });

  it('tells a literal name that looks escaped from the escaped one', () => {
    const literal = Buffer.from('/photos/caf\uFFFDE9.jpg');
    const stored = toStoredPath(literal);
    expect(stored).not.toBe(toStoredPath(latin1Cafe));
    expect(bytesOf(stored)).toEqual(literal);
  });

  it('round-trips any bytes, so distinct paths never share a stored form', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x2f, 0xef, 0xbf, 0xbd, 0x45, 0x39, 0xc3, 0xa9),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (array) => {
        const bytes = Buffer.from(array);
        const stored = toStoredPath(bytes);
        expect(bytesOf(stored)).toEqual(bytes);
        // Stable: storing what it opens gives the same text again.
        expect(toStoredPath(bytesOf(stored))).toBe(stored);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves every valid UTF-8 path without escape-like U+FFFD unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        fc.pre(!text.includes('\uFFFD'));
        expect(toStoredPath(Buffer.from(text))).toBe(text);
        expect(toFsPath(text)).toBe(text);
      }),
    );
  });
});
