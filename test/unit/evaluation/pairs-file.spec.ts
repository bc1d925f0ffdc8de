import { describe, expect, it } from 'vitest';
import { lfwImagePath, parsePairsFile, PairsFileError } from '../../../src-main/evaluation/pairs-file';

function errorOf(text: string): PairsFileError {
  try {
    parsePairsFile(text);
  } catch (error) {
    if (error instanceof PairsFileError) return error;
    throw error;
  }
  throw new Error('expected a PairsFileError');
}

/** A View 2 file with `folds` folds of one same and one different pair each. */
function tenfoldText(folds: number): string {
  const lines = [`${folds}\t1`];
  for (let fold = 0; fold < folds; fold++) {
    lines.push(`Person_${fold}\t1\t${fold + 2}`, `Person_${fold}\t1\tOther_${fold}\t3`);
  }
  return `${lines.join('\n')}\n`;
}

describe('lfwImagePath', () => {
  it('pads the image number to four digits', () => {
    expect(lfwImagePath('Aaron_Peirsol', 2)).toBe('Aaron_Peirsol/Aaron_Peirsol_0002.jpg');
    expect(lfwImagePath('George_W_Bush', 530)).toBe('George_W_Bush/George_W_Bush_0530.jpg');
  });
});

describe('parsePairsFile, View 1', () => {
  const text = [
    '2',
    'Abel_Pacheco\t1\t4',
    'Akhmed_Zakayev\t1\t3',
    'Abdel_Madi_Shabneh\t1\tDean_Barker\t1',
    'Abdel_Madi_Shabneh\t1\tGiancarlo_Fisichella\t1',
    '',
  ].join('\n');

  it('reads N same-person lines then N different-person lines, all in fold 0', () => {
    const file = parsePairsFile(text);
    expect(file.format).toBe('view1');
    expect(file.pairs).toEqual([
      {
        a: 'Abel_Pacheco/Abel_Pacheco_0001.jpg',
        b: 'Abel_Pacheco/Abel_Pacheco_0004.jpg',
        same: true,
        fold: 0,
      },
      {
        a: 'Akhmed_Zakayev/Akhmed_Zakayev_0001.jpg',
        b: 'Akhmed_Zakayev/Akhmed_Zakayev_0003.jpg',
        same: true,
        fold: 0,
      },
      {
        a: 'Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg',
        b: 'Dean_Barker/Dean_Barker_0001.jpg',
        same: false,
        fold: 0,
      },
      {
        a: 'Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg',
        b: 'Giancarlo_Fisichella/Giancarlo_Fisichella_0001.jpg',
        same: false,
        fold: 0,
      },
    ]);
  });

  it('tolerates spaces, CRLF line ends and blank lines', () => {
    const loose = text
      .replaceAll('\t', '  ')
      .replaceAll('\n', '\r\n')
      .replace('\r\nAkhmed', '\r\n\r\n  Akhmed');
    expect(parsePairsFile(loose)).toEqual(parsePairsFile(text));
  });
});

describe('parsePairsFile, View 2', () => {
  it('assigns folds in blocks of perFold same then perFold different lines', () => {
    const file = parsePairsFile(tenfoldText(10));
    expect(file.format).toBe('tenfold');
    expect(file.pairs).toHaveLength(20);
    expect(file.pairs.map((pair) => pair.fold)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9,
    ]);
    expect(file.pairs.map((pair) => pair.same)).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0));
    expect(file.pairs[19]).toEqual({
      a: 'Person_9/Person_9_0001.jpg',
      b: 'Other_9/Other_9_0003.jpg',
      same: false,
      fold: 9,
    });
  });

  it('splits folds of several pairs per block', () => {
    const lines = ['2\t2', 'A 1 2', 'B 1 2', 'A 1 B 1', 'A 2 B 2', 'C 1 2', 'D 1 2', 'C 1 D 1', 'C 2 D 2'];
    const pairs = parsePairsFile(lines.join('\n')).pairs;
    expect(pairs.map((pair) => [pair.fold, pair.same])).toEqual([
      [0, true],
      [0, true],
      [0, false],
      [0, false],
      [1, true],
      [1, true],
      [1, false],
      [1, false],
    ]);
  });
});

describe('parsePairsFile, malformed input', () => {
  it('rejects an empty file', () => {
    expect(errorOf('\n\n').line).toBe(0);
  });

  it('rejects a bad header with its line number', () => {
    expect(errorOf('ten\nA 1 2\nA 1 B 1').line).toBe(1);
    expect(errorOf('1 2 3\nA 1 2\nA 1 B 1').line).toBe(1);
    expect(errorOf('1\t1\nA 1 2\nA 1 B 1').message).toMatch(/at least 2/);
  });

  it('rejects a different-person line where a same-person line belongs', () => {
    const error = errorOf('2\nA 1 2\nA 1 B 1\nA 1 B 1\nA 1 C 1');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3: expected a same-person line/);
  });

  it('rejects a same-person line where a different-person line belongs', () => {
    expect(errorOf('1\nA 1 2\nB 1 2').line).toBe(3);
  });

  it('rejects image numbers that are not positive integers', () => {
    expect(errorOf('1\nA 1 x\nA 1 B 1').message).toMatch(/line 2: "x" is not an image number/);
    expect(errorOf('1\nA 1 2\nA 0 B 1').line).toBe(3);
    expect(errorOf('1\nA 1 2\nA 1 B -1').line).toBe(3);
  });

  it('rejects too few and too many pair lines', () => {
    expect(errorOf('2\nA 1 2\nB 1 2\nA 1 B 1').message).toMatch(/promises 4 pair lines, found 3/);
    const extra = errorOf('1\nA 1 2\nA 1 B 1\n\nC 1 2\n');
    expect(extra.line).toBe(5);
    expect(extra.message).toMatch(/found 3/);
  });
});
