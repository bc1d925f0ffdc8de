/** Main thread -> search worker. Vectors travel as transferred buffers, never copied. */
export type IndexRequest =
  /** First message to a new worker: where the index files live and when to build a graph. */
  | { type: 'init'; dir: string; approximateFrom: number }
  /** Use the persisted index if its catalog signature is `signature`; else answer `needs-vectors`. */
  | { type: 'open'; id: number; model: number; signature: string }
  /** The catalog's faces now: bring the index in step (load, patch or build) and persist it. */
  | {
      type: 'sync';
      id: number;
      model: number;
      signature: string;
      ids: Int32Array;
      vectors: Float32Array;
      /** Build from scratch even when the content is unchanged (`rebuild`). */
      force: boolean;
    }
  | { type: 'nearest'; id: number; model: number; query: Float32Array; k: number; exclude: Int32Array }
  | { type: 'within'; id: number; model: number; query: Float32Array; minDot: number; exclude: Int32Array }
  /** Stop a build or drop a queued request; its answer is an `error` named AbortError. */
  | { type: 'cancel'; id: number };

/** Face ids with their dot products with the query, largest first. */
export interface Hits {
  faceIds: Int32Array;
  dots: Float32Array;
}

/** Search worker -> main thread. */
export type IndexResponse =
  | { type: 'opened'; id: number; faces: number }
  | { type: 'needs-vectors'; id: number }
  | { type: 'synced'; id: number; faces: number; approximate: boolean }
  | { type: 'hits'; id: number; hits: Hits }
  | { type: 'error'; id: number; name: string; message: string };
