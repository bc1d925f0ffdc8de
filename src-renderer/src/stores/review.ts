import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { PersonSummary, ReviewItem } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { useLabelsStore } from './labels';

/** How many items to fetch at once, and how few left in hand makes the queue fetch again. */
const fetchLimit = 100;
const lowWater = 5;

/** What a key did to an item, so Z can take it back. */
interface Step {
  item: ReviewItem;
  kind: 'decision' | 'skip';
}

/**
 * The review queue, one face at a time: the first item is on screen. A decision labels the face through
 * the labels store and the face leaves for the rest of the session (the backend may offer it again with
 * another candidate: it is not shown unless undone). A skip sends the face to the back. Undo takes back the
 * last step, a label change included, and brings that face back on screen.
 */
export const useReviewStore = defineStore('review', () => {
  const labels = useLabelsStore();
  const items = shallowRef<ReviewItem[]>([]);
  const people = shallowRef<PersonSummary[]>([]);
  /** Faces still waiting for a decision, the one on screen and the skipped ones included. */
  const remaining = ref(0);
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const decided = new Set<number>();
  const skipped: number[] = [];
  const history: Step[] = [];
  const canUndo = ref(false);
  // A face brought back by undo stays on screen even if the backend now ranks it past what was fetched.
  let pinned: ReviewItem | null = null;
  // The label version our own change or undo will produce (no refetch needed for that one).
  let ownVersion = -1;
  let generation = 0;

  const current = computed<ReviewItem | null>(() => items.value[0] ?? null);

  /** Orders a fetched queue: the face on screen first, then the backend's order, skipped faces last. */
  function arrange(fetched: ReviewItem[]): ReviewItem[] {
    const open = fetched.filter((item) => !decided.has(item.faceId));
    const onScreen = pinned ?? items.value[0];
    const first = onScreen ? (open.find((i) => i.faceId === onScreen.faceId) ?? pinned) : null;
    const rest = open.filter((item) => item.faceId !== first?.faceId);
    const later = (item: ReviewItem): number => skipped.indexOf(item.faceId);
    const fresh = rest.filter((item) => later(item) < 0);
    const back = rest.filter((item) => later(item) >= 0).sort((a, b) => later(a) - later(b));
    return [...(first ? [first] : []), ...fresh, ...back];
  }

  /** Fetches the queue again (keeping the face on screen) and the people, for their pictures. */
  async function refetch(): Promise<void> {
    const started = ++generation;
    try {
      const [queue, list] = await Promise.all([
        invoke('review.queue', { limit: fetchLimit }),
        invoke('people.list', {}),
      ]);
      if (started !== generation) return;
      const hidden = queue.items.filter((item) => decided.has(item.faceId)).length;
      const arranged = arrange(queue.items);
      const extra = pinned && !queue.items.some((i) => i.faceId === pinned?.faceId) ? 1 : 0;
      items.value = arranged;
      remaining.value = Math.max(arranged.length, queue.total - hidden + extra);
      people.value = list;
      error.value = null;
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      loaded.value = true;
    }
  }

  function leave(item: ReviewItem): void {
    items.value = items.value.filter((i) => i.faceId !== item.faceId);
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
    ownVersion = labels.version + 1;
    try {
      const input = { faces: [item.faceId], name: person.name };
      const done = await (kind === 'assign'
        ? labels.change('labels.assign', input)
        : labels.change('labels.reject', input));
      if (!done) return;
      decided.add(item.faceId);
      record({ item, kind: 'decision' });
      remaining.value = Math.max(0, remaining.value - 1);
      leave(item);
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
    record({ item, kind: 'skip' });
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
    const before = labels.version;
    ownVersion = before + 1;
    try {
      await labels.undo();
      if (labels.version === before) {
        history.push(step);
        canUndo.value = true;
        return;
      }
      decided.delete(step.item.faceId);
      pinned = step.item;
      back();
      remaining.value++;
    } finally {
      busy.value = false;
    }
    void refetch();
  }

  // A change made elsewhere (a global Ctrl+Shift+Z, another view) may change what needs review.
  watch(
    () => labels.version,
    (version) => {
      if (version !== ownVersion && loaded.value) void refetch();
    },
  );

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
    accept: () => decide('assign', 0),
    reject: () => decide('reject', 0),
    pick: (candidate: number) => decide('assign', candidate),
    skip,
    undo,
  };
});
