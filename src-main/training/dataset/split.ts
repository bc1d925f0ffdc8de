import { seededRandom, shuffleInPlace } from '../../util/seeded-random';
import { UserError } from '../../util/errors';
import { deriveSeed, seedStreams, textSeedPart } from './derived-seed';

/** What splitting needs of a face (a LabeledFace has it). */
export interface SplitItem {
  faceId: number;
  personId: number;
  personName: string;
}

/**
 * By image: every person is in all splits, `testPerPerson` and `valPerPerson` of their faces held out (a
 * classifier's accuracy). By identity: whole people held out (a verification model meets strangers);
 * `testIdentities` and `valIdentities` are counts, or fractions of the eligible people when below 1.
 */
export type SplitConfig =
  | { by: 'image'; testPerPerson: number; valPerPerson?: number }
  | { by: 'identity'; testIdentities: number; valIdentities?: number };

export interface SplitOptions {
  seed: number;
  /** People with fewer faces are left out (and reported). By image, at least test + val + 1 regardless. */
  minFacesPerPerson?: number;
}

/** A training class: the person the network learns to name as output `index`. */
export interface DatasetClass {
  personId: number;
  name: string;
  index: number;
}

export interface ExcludedPerson {
  personId: number;
  name: string;
  faces: number;
  reason: string;
}

export interface DatasetSplit<T extends SplitItem> {
  train: T[];
  val: T[];
  test: T[];
  /** The people in `train`, by person id: index 0..C-1. Held-out identities have no class. */
  classes: DatasetClass[];
  excluded: ExcludedPerson[];
}

interface Person<T> {
  personId: number;
  name: string;
  faces: T[];
}

/**
 * Splits labeled faces into train, validation and test, the same way for the same seed and faces. Each
 * face lands in exactly one split. A person's own split depends only on the seed, their name and their
 * faces in the order given (their generator is derived from the seed and their name), so labeling someone
 * else does not reshuffle them. Catalog ids play no part, except to order people of one name: an import
 * stores photos, faces and folder people in the order its workers finish, so ids differ between two
 * imports of one folder; given faces in content order (the repository sorts them by photo hash), the same
 * photos give the same split in any catalog.
 * Throws a UserError when fewer than two people are left to train on.
 */
export function splitDataset<T extends SplitItem>(
  items: readonly T[],
  config: SplitConfig,
  options: SplitOptions,
): DatasetSplit<T> {
  const people = groupByPerson(items);
  const result =
    config.by === 'image'
      ? splitByImage(people, config.testPerPerson, config.valPerPerson ?? 0, options)
      : splitByIdentity(people, config.testIdentities, config.valIdentities ?? 0, options);
  if (result.classes.length < 2) {
    const trained = new Set(result.classes.map((c) => c.personId));
    const heldOut = new Set(
      [...result.val, ...result.test].map((f) => f.personId).filter((id) => !trained.has(id)),
    );
    throw new UserError(
      `dataset: ${result.classes.length} people left to train on (${heldOut.size} held out, ` +
        `${result.excluded.length} with too few faces); a model needs at least 2 labeled people`,
    );
  }
  return result;
}

function splitByImage<T extends SplitItem>(
  people: Array<Person<T>>,
  testPerPerson: number,
  valPerPerson: number,
  options: SplitOptions,
): DatasetSplit<T> {
  assertCount('testPerPerson', testPerPerson);
  assertCount('valPerPerson', valPerPerson);
  // A person needs one training face besides those held out, or they would be a test class never taught.
  const least = Math.max(options.minFacesPerPerson ?? 1, testPerPerson + valPerPerson + 1);
  const split: DatasetSplit<T> = { train: [], val: [], test: [], classes: [], excluded: [] };
  for (const person of people) {
    if (person.faces.length < least) {
      split.excluded.push(excludedFor(person, least));
      continue;
    }
    const order = person.faces.map((_, i) => i);
    shuffleInPlace(
      order,
      seededRandom(deriveSeed(options.seed, seedStreams.personSplit, textSeedPart(person.name))),
    );
    const role = new Array<'train' | 'val' | 'test'>(person.faces.length).fill('train');
    order.slice(0, testPerPerson).forEach((i) => (role[i] = 'test'));
    order.slice(testPerPerson, testPerPerson + valPerPerson).forEach((i) => (role[i] = 'val'));
    // Faces keep their catalog order inside each split: the lists read the same whatever the shuffle.
    person.faces.forEach((face, i) => split[role[i] as 'train' | 'val' | 'test'].push(face));
    split.classes.push({ personId: person.personId, name: person.name, index: split.classes.length });
  }
  return split;
}

function splitByIdentity<T extends SplitItem>(
  people: Array<Person<T>>,
  testIdentities: number,
  valIdentities: number,
  options: SplitOptions,
): DatasetSplit<T> {
  // Verification pairs need two faces of a held-out person: two is the least that says anything.
  const least = options.minFacesPerPerson ?? 2;
  const eligible = people.filter((person) => person.faces.length >= least);
  const excluded = people.filter((person) => person.faces.length < least).map((p) => excludedFor(p, least));
  const testCount = identityCount('testIdentities', testIdentities, eligible.length);
  const valCount = identityCount('valIdentities', valIdentities, eligible.length);
  const order = eligible.map((_, i) => i);
  shuffleInPlace(order, seededRandom(deriveSeed(options.seed, seedStreams.identitySplit)));
  const role = new Array<'train' | 'val' | 'test'>(eligible.length).fill('train');
  order.slice(0, testCount).forEach((i) => (role[i] = 'test'));
  order.slice(testCount, testCount + valCount).forEach((i) => (role[i] = 'val'));
  const split: DatasetSplit<T> = { train: [], val: [], test: [], classes: [], excluded };
  eligible.forEach((person, i) => {
    const which = role[i] as 'train' | 'val' | 'test';
    split[which].push(...person.faces);
    if (which === 'train') {
      split.classes.push({ personId: person.personId, name: person.name, index: split.classes.length });
    }
  });
  return split;
}

/** People by name (then id), each with their faces in the order given: class indices follow names. */
function groupByPerson<T extends SplitItem>(items: readonly T[]): Array<Person<T>> {
  const byId = new Map<number, Person<T>>();
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.faceId)) throw new Error(`dataset: face ${item.faceId} is listed twice`);
    seen.add(item.faceId);
    let person = byId.get(item.personId);
    if (!person)
      byId.set(item.personId, (person = { personId: item.personId, name: item.personName, faces: [] }));
    person.faces.push(item);
  }
  return [...byId.values()].sort((a, b) => compareText(a.name, b.name) || a.personId - b.personId);
}

/** By UTF-16 code units: the same order in every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function excludedFor<T>(person: Person<T>, least: number): ExcludedPerson {
  const { personId, name, faces } = person;
  return {
    personId,
    name,
    faces: faces.length,
    reason: `${faces.length} faces, fewer than the ${least} needed`,
  };
}

/** A count of people, or a fraction (0 < x < 1) of the eligible ones, at least one when asked for any. */
function identityCount(field: string, value: number, eligible: number): number {
  if (!(value >= 0) || (value >= 1 && !Number.isInteger(value))) {
    throw new UserError(
      `dataset: ${field} must be a whole count or a fraction between 0 and 1, not ${value}`,
    );
  }
  return value < 1 && value > 0 ? Math.max(1, Math.round(value * eligible)) : value;
}

function assertCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new UserError(`dataset: ${field} must be a whole number of faces, not ${value}`);
  }
}

/** personId -> class index, for labelling batches. */
export function classIndex(classes: readonly DatasetClass[]): Map<number, number> {
  return new Map(classes.map((c) => [c.personId, c.index]));
}
