/**
 * LFW pairs files (pairs.txt, pairsDevTrain.txt, pairsDevTest.txt).
 *
 * A header line, then one pair per line, fields separated by tabs (runs of spaces are tolerated):
 * `name n1 n2` is two images of one person, `name1 n1 name2 n2` two images of different people.
 * - View 1 (`pairsDevTrain.txt`, `pairsDevTest.txt`): header `N`, then N same-person lines and N
 *   different-person lines. Every pair is in fold 0.
 * - View 2 (`pairs.txt`): header `10 300`, then for each fold 300 same-person and 300 different-person
 *   lines. Folds are numbered from 0. Any fold count of two or more is accepted.
 */

/** `view1`: one block with a separate training file; `tenfold`: View 2 cross-validation folds. */
export type PairsFormat = 'view1' | 'tenfold';

/** One pair of images, as paths relative to the LFW image root (`<name>/<name>_0001.jpg`). */
export interface ImagePair {
  a: string;
  b: string;
  same: boolean;
  fold: number;
}

/** A parsed pairs file. */
export interface PairsFile {
  format: PairsFormat;
  pairs: ImagePair[];
}

/** Malformed pairs file; `line` is 1-based (0 when the problem is the file as a whole). */
export class PairsFileError extends Error {
  override name = 'PairsFileError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `PairsFile: line ${line}: ${message}` : `PairsFile: ${message}`);
  }
}

/** The LFW relative path of image `n` (1-based) of a person: `Aaron_Peirsol/Aaron_Peirsol_0002.jpg`. */
export function lfwImagePath(name: string, n: number): string {
  return `${name}/${name}_${String(n).padStart(4, '0')}.jpg`;
}

interface Line {
  number: number;
  fields: string[];
}

/**
 * Parses the text of an LFW pairs file, in file order.
 * @throws PairsFileError naming the line for a bad header, a line of the wrong kind, a bad image number,
 * or too few / too many pair lines.
 */
export function parsePairsFile(text: string): PairsFile {
  const lines = text
    .split(/\r?\n/)
    .map((raw, index) => ({
      number: index + 1,
      fields: raw
        .trim()
        .split(/[\t ]+/)
        .filter(Boolean),
    }))
    .filter((line) => line.fields.length > 0);
  const [header, ...body] = lines;
  if (!header) throw new PairsFileError(0, 'the file is empty');

  const counts = header.fields.map((field) => parseCount(field, header.number));
  let format: PairsFormat;
  let folds: number;
  let perFold: number;
  if (counts.length === 1) {
    [format, folds, perFold] = ['view1', 1, counts[0] as number];
  } else if (counts.length === 2) {
    [format, folds, perFold] = ['tenfold', counts[0] as number, counts[1] as number];
    if (folds < 2) throw new PairsFileError(header.number, `a fold count of ${folds}; need at least 2`);
  } else {
    throw new PairsFileError(
      header.number,
      `expected a header "N" or "folds<TAB>pairsPerFold", got "${header.fields.join(' ')}"`,
    );
  }

  const expected = folds * perFold * 2;
  if (body.length !== expected) {
    const where = body.length > expected ? (body[expected] as Line).number : 0;
    throw new PairsFileError(where, `the header promises ${expected} pair lines, found ${body.length}`);
  }
  const pairs = body.map((line, index) => {
    const fold = Math.floor(index / (2 * perFold));
    const same = index % (2 * perFold) < perFold;
    return parsePairLine(line, same, fold);
  });
  return { format, pairs };
}

function parsePairLine(line: Line, same: boolean, fold: number): ImagePair {
  const { fields, number } = line;
  if (same) {
    const [name, n1, n2] = fields;
    if (fields.length !== 3 || !name || !n1 || !n2) {
      throw new PairsFileError(
        number,
        `expected a same-person line "name n1 n2" in fold ${fold}, got ${fields.length} fields`,
      );
    }
    return {
      a: lfwImagePath(name, parseImageNumber(n1, number)),
      b: lfwImagePath(name, parseImageNumber(n2, number)),
      same,
      fold,
    };
  }
  const [name1, n1, name2, n2] = fields;
  if (fields.length !== 4 || !name1 || !n1 || !name2 || !n2) {
    throw new PairsFileError(
      number,
      `expected a different-person line "name1 n1 name2 n2" in fold ${fold}, got ${fields.length} fields`,
    );
  }
  return {
    a: lfwImagePath(name1, parseImageNumber(n1, number)),
    b: lfwImagePath(name2, parseImageNumber(n2, number)),
    same,
    fold,
  };
}

function parseCount(field: string, line: number): number {
  if (!/^\d+$/.test(field) || Number(field) < 1)
    throw new PairsFileError(line, `"${field}" is not a positive count`);
  return Number(field);
}

function parseImageNumber(field: string, line: number): number {
  if (!/^\d+$/.test(field) || Number(field) < 1)
    throw new PairsFileError(line, `"${field}" is not an image number (1, 2, ...)`);
  return Number(field);
}
