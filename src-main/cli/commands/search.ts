import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type {
  FaceSearchResult,
  PersonSearchResult,
  SearchOptions,
  SearchThreshold,
} from '../../search/search-views';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';

interface SearchCliOptions extends GlobalOptions {
  photo?: string;
  face?: string;
  person?: string;
  top?: string;
  threshold?: string;
  far?: string;
  from?: string;
  to?: string;
  folder?: string;
}

/**
 * `faceatlas search`: who is in a photo (`--photo FILE`, every face detected and searched, nothing saved),
 * who a catalog face is (`--face ID`), or every photo of a person (`--person NAME`).
 */
export function registerSearch(program: Command): void {
  addGlobalOptions(
    program
      .command('search')
      .description('search the catalog by a photo, a face or a person')
      .option('--photo <file>', 'a photo (up to 50 MB): search every face in it')
      .option('--face <id>', 'a face of the catalog')
      .option('--person <name>', 'every photo of this person')
      .option('--top <k>', 'at most K results per face (or per person)')
      .option('--threshold <d>', 'largest distance at which a face is a person (default: calibrated)')
      .option('--far <rate>', 'choose the threshold for this false-accept rate instead (e.g. 0.001)')
      .option('--from <date>', 'only photos taken on or after this date (YYYY-MM-DD)')
      .option('--to <date>', 'only photos taken on or before this date (YYYY-MM-DD)')
      .option('--folder <dir>', 'only photos under this folder'),
  ).action((options: SearchCliOptions) =>
    withContainer(options, async (app) => {
      const queries = [options.photo, options.face, options.person].filter((q) => q !== undefined);
      if (queries.length !== 1) throw new UsageError('give one of --photo FILE, --face ID, --person NAME');
      const search = searchOptions(options);
      const json = Boolean(options.json);
      if (options.person !== undefined) {
        const result = await app.search.byPerson(options.person, search);
        note(result.threshold);
        printResult(personJson(result), json, () => personHuman(result));
        return;
      }
      const result =
        options.photo !== undefined
          ? await app.search.byPhoto(await readPhoto(options.photo), search)
          : await app.search.byFace(positive(options.face as string, '--face'), search);
      note(result.threshold);
      printResult(facesJson(result), json, () => facesHuman(result));
    }),
  );
}

function searchOptions(options: SearchCliOptions): SearchOptions {
  if (options.threshold !== undefined && options.far !== undefined) {
    throw new UsageError('give --threshold or --far, not both');
  }
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new UsageError(`${flag} takes a date YYYY-MM-DD, not "${value}"`);
    }
  }
  return {
    ...(options.top === undefined ? {} : { top: positive(options.top, '--top') }),
    ...(options.threshold === undefined ? {} : { threshold: number(options.threshold, '--threshold', 0, 2) }),
    ...(options.far === undefined ? {} : { far: number(options.far, '--far', 1e-9, 1 - 1e-9) }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.folder === undefined ? {} : { folder: path.resolve(options.folder) }),
  };
}

async function readPhoto(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag} takes a positive whole number, not "${text}"`);
  return value;
}

function number(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} takes a number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/** Where the threshold came from, on stderr (stdout stays one JSON line). */
function note(threshold: SearchThreshold): void {
  const few = threshold.fewLabels
    ? ' (too few labeled people to calibrate on: LFW DevTrain estimates used)'
    : '';
  process.stderr.write(
    `search: threshold ${threshold.value.toFixed(3)} ${threshold.metric} (${threshold.source}), estimated FAR ${threshold.far.toExponential(1)}, FRR ${threshold.frr.toFixed(3)}${few}\n`,
  );
}

/** The --photo/--face JSON shape: exactly the fields the CLI promises. */
function facesJson(result: FaceSearchResult) {
  return {
    threshold: result.threshold.value,
    metric: result.threshold.metric,
    faces: result.faces.map((face) => ({
      box: face.box,
      person: face.person,
      distance: face.distance,
      matches: face.matches.map(({ faceId, photoPath, person, distance }) => ({
        faceId,
        photoPath,
        person,
        distance,
      })),
    })),
  };
}

function personJson(result: PersonSearchResult) {
  return {
    photos: result.hits.map(({ photoPath, faceId, distance }) => ({ photoPath, faceId, distance })),
  };
}

function facesHuman(result: FaceSearchResult): string {
  if (result.faces.length === 0) return 'no faces found';
  return result.faces
    .map((face, i) => {
      const who = face.person ?? 'unknown';
      const why = face.why
        ? ` (nearest: ${face.why.person} at ${face.why.distance.toFixed(3)})`
        : ' (nobody is labeled yet)';
      const matches = face.matches.map(
        (m) => `  ${m.distance.toFixed(3)}\t${m.person ?? '-'}\t${m.photoPath}`,
      );
      return [`face ${i + 1} [${face.box.join(',')}]: ${who}${why}`, ...matches].join('\n');
    })
    .join('\n');
}

function personHuman(result: PersonSearchResult): string {
  if (result.hits.length === 0) return `no photos of ${result.person.name}`;
  return result.hits
    .map((hit) => `${hit.distance.toFixed(3)}\t${hit.labeled ? 'labeled' : 'found'}\t${hit.photoPath}`)
    .join('\n');
}
