import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { PersonSummary, ReviewItem } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { useLabelsStore, type ChangeOrigin } from './labels';

/** How many items to fetch at once, and how few left in hand makes the queue fetch again. */
const fetchLimit = 100;
const lowWater = 5;

/** What a key did to an item, so Z can take it back. */
interface Step {
  item: ReviewItem;
  kind: 'decision' | 'skip';
  /** Faces of the same photo taken out of the queue because the decision gave their candidate 1 away. */
  dropped: number[];
}

/**
 * The review queue, one face at a time: the first item is on screen. A decision labels the face through
 * the labels store and the face leaves for the rest of the session (the backend may offer it again with
 * another candidate: it is not shown unless undone). A skip sends the face to the back. Undo takes back the
 * last step, a label change included, and brings that face back on screen. When the backend has
 * recomputed its suggestions (`labels.derived`) new faces join at the end: the queue never reorders under
 * the user.
 */
export const useReviewStore = defineStore('review', () => {
  const labels = useLabelsStore();
  const origin: ChangeOrigin = Symbol('review');
  const items = shallowRef<ReviewItem[]>([]);
  const people = shallowRef<PersonSummary[]>([]);
  /** Faces still waiting for a decision, the one on screen and the skipped ones included. */
  const remaining = ref(0);
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const decided = new Set<number>();
  // A person appears once per photo: a face whose candidate 1 was just given another face of its photo
  // would be refused, so it waits (face id -> that person) until the backend offers another candidate 1.
  const conflicts = new Map<number, number>();
  const skipped: number[] = [];
  const history: Step[] = [];
  const canUndo = ref(false);
  // A face brought back by undo stays on screen even if the backend now ranks it past what was fetched.
  let pinned: ReviewItem | null = null;
  let generation = 0;

  const current = computed<ReviewItem | null>(() => items.value[0] ?? null);

  /** True for a face that may be shown: not decided, and its candidate 1 not given away in its photo. */
  function open(item: ReviewItem): boolean {
    const taken = conflicts.get(item.faceId);
    return !decided.has(item.faceId) && (taken === undefined || taken !== item.candidates[0]?.personId);
  }

  /** Orders a fetched queue: the face on screen first, then the backend's order, skipped faces last. */
  function arrange(fetched: ReviewItem[]): ReviewItem[] {
    const shown = fetched.filter(open);
    const onScreen = pinned ?? items.value[0];
    const first = onScreen ? (shown.find((i) => i.faceId === onScreen.faceId) ?? pinned) : null;
    const rest = shown.filter((item) => item.faceId !== first?.faceId);
    const later = (item: ReviewItem): number => skipped.indexOf(item.faceId);
    const fresh = rest.filter((item) => later(item) < 0);
    const back = rest.filter((item) => later(item) >= 0).sort((a, b) => later(a) - later(b));
    return [...(first ? [first] : []), ...fresh, ...back];
  }

  /**
   * Keeps the queue in hand in its order (the face on screen as it is), refreshes the others from a
   * fetched queue (dropping those it no longer holds), and adds its new faces at the end.
   */
  function merge(fetched: ReviewItem[]): ReviewItem[] {
    const byId = new Map(fetched.map((item) => [item.faceId, item]));
    const [onScreen, ...others] = items.value;
    const kept = others.flatMap((item) => {
      const fresh = byId.get(item.faceId);
      return fresh && open(fresh) ? [fresh] : [];
    });
    const known = new Set([onScreen?.faceId, ...kept.map((item) => item.faceId)]);
    const added = fetched.filter((item) => !known.has(item.faceId) && open(item));
    return [...(onScreen ? [onScreen] : []), ...kept, ...added];
  }

  /** Fetches the queue and the people (for their pictures); `place` decides what the queue in hand becomes. */
  async function fetchQueue(place: (fetched: ReviewItem[]) => ReviewItem[]): Promise<void> {
    const started = ++generation;
    try {
      const [queue, list] = await Promise.all([
        invoke('review.queue', { limit: fetchLimit }),
        invoke('people.list', {}),
      ]);
      if (started !== generation) return;
      const hidden = queue.items.filter((item) => !open(item)).length;
      const placed = place(queue.items);
      const extra = pinned && !queue.items.some((i) => i.faceId === pinned?.faceId) ? 1 : 0;
      items.value = placed;
      remaining.value = Math.max(placed.length, queue.total - hidden + extra);
      people.value = list;
      error.value = null;
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      loaded.value = true;
    }
  }

  /** Fetches the queue again in the backend's order (keeping the face on screen first). */
  const refetch = (): Promise<void> => fetchQueue(arrange);

  function leave(item: ReviewItem, dropped: readonly number[]): void {
    items.value = items.value.filter((i) => i.faceId !== item.faceId && !dropped.includes(i.faceId));
    if (items.value.length <= lowWater) void refetch();
  }

  function record(step: Step): void {
    history.push(step);
    canUndo.value = true;
    pinned = null;
  }

  /** Gives the face on screen to a candidate (0: the first), or says it is not the first candidate. */
  async function decide(kind: 'assign' | 'reject', candidate = 0): Promise<void> {
    const item = current.value;
    const person = item?.candidates[candidate];
    if (!item || !person || busy.value) return;
    busy.value = true;
    try {
      const input = { faces: [item.faceId], name: person.name };
      const done = await (kind === 'assign'
        ? labels.change('labels.assign', input, origin)
        : labels.change('labels.reject', input, origin));
      if (!done) return;
      decided.add(item.faceId);
      const dropped =
        kind === 'assign'
          ? items.value
              .filter((other) => other.faceId !== item.faceId && other.photoId === item.photoId)
              .filter((other) => other.candidates[0]?.personId === person.personId)
              .map((other) => other.faceId)
          : [];
      for (const faceId of dropped) conflicts.set(faceId, person.personId);
      record({ item, kind: 'decision', dropped });
      remaining.value = Math.max(0, remaining.value - 1);
      leave(item, dropped);
    } finally {
      busy.value = false;
    }
  }

  /** Sends the face on screen to the back of the queue, unchanged. */
  function skip(): void {
    const item = current.value;
    if (!item || busy.value || items.value.length < 2) return;
    const at = skipped.indexOf(item.faceId);
    if (at >= 0) skipped.splice(at, 1);
    skipped.push(item.faceId);
    record({ item, kind: 'skip', dropped: [] });
    items.value = [...items.value.slice(1), item];
  }

  /** Takes back the last step of this session (a label change through the journal) and shows its face. */
  async function undo(): Promise<void> {
    if (busy.value) return;
    const step = history.pop();
    canUndo.value = history.length > 0;
    if (!step) {
      await labels.undo();
      return;
    }
    const back = (): void => {
      items.value = [step.item, ...items.value.filter((i) => i.faceId !== step.item.faceId)];
    };
    if (step.kind === 'skip') {
      const at = skipped.lastIndexOf(step.item.faceId);
      if (at >= 0) skipped.splice(at, 1);
      back();
      return;
    }
    busy.value = true;
    try {
      if (!(await labels.undo(origin))) {
        history.push(step);
        canUndo.value = true;
        return;
      }
      decided.delete(step.item.faceId);
      for (const faceId of step.dropped) conflicts.delete(faceId);
      pinned = step.item;
      back();
      remaining.value++;
    } finally {
      busy.value = false;
    }
    void refetch();
  }

  /**
   * Follows label changes while the calling component (the Review view) is mounted: its setup calls this,
   * so the watchers stop with it and nothing refetches the (costly) queue while nobody looks at it. A
   * change made elsewhere (a global Ctrl+Shift+Z) refetches; new suggestions only add faces at the end.
   */
  function follow(): void {
    watch(
      () => labels.version,
      (now, before) => {
        if (loaded.value && !labels.madeBy(origin, before, now)) void refetch();
      },
    );
    watch(
      () => labels.derivedVersion,
      () => {
        if (loaded.value) void fetchQueue(items.value.length > 0 ? merge : arrange);
      },
    );
  }

  return {
    items,
    current,
    people,
    remaining,
    loaded,
    busy,
    error,
    canUndo,
    refetch,
    follow,
    accept: () => decide('assign', 0),
    reject: () => decide('reject', 0),
    pick: (candidate: number) => decide('assign', candidate),
    skip,
    undo,
  };
});
