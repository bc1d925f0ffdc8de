import type { JobKind } from './job-types';

/**
 * Lanes of the job queue: one job at a time per lane, lanes side by side. Imports and indexing share the
 * catalog lane (both write photos and faces in bulk, and two at once would only compete for the same
 * cores and rows); a training run has its own, so that a run of hours never holds up an import, and
 * writes little to the catalog (its run's rows) while it trains.
 */
export type JobLane = 'catalog' | 'training' | 'projection';

/** Each job kind's lane: adding a kind to JobKinds fails to compile until it is given one here. */
export const jobLanes: { readonly [K in JobKind]: JobLane } = {
  import: 'catalog',
  index: 'catalog',
  train: 'training',
  // Writes an embedding per face: bulk catalog writes, like indexing.
  reembed: 'catalog',
  // An embedding map only reads the catalog (and writes a cache file): on its own lane, the map the user
  // is looking at never waits behind an import of hours, nor holds one up.
  project: 'projection',
};

/**
 * The lane of a stored job's kind. A kind this version does not know (written by a newer FaceAtlas
 * sharing the catalog) is taken to be a catalog job: waiting for it is safe, running beside it may not be.
 */
export function laneOf(kind: string): JobLane {
  return Object.hasOwn(jobLanes, kind) ? jobLanes[kind as JobKind] : 'catalog';
}
