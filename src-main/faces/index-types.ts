/** What `index` is asked to do: photos not yet indexed by the current embedder, or all of them. */
export interface IndexInput {
  all: boolean;
}

/** The index job's outcome, in the CLI's JSON shape. */
export interface IndexSummary {
  photos: number;
  faces: number;
  failed: number;
  errors: Array<{ path: string; error: string }>;
}
