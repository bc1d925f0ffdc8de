import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ClusterCard, PersonSummary } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { useLabelsStore, type ChangeOrigin } from './labels';

/** Clusters are fetched a page at a time as the list scrolls; the API serves at most 500 at once. */
const pageSize = 30;
const maxLimit = 500;

/**
 * The unnamed clusters the Clusters view shows, largest first, loaded a page at a time, and the faces the
 * user took out of each before naming it (kept here; naming sends the faces the card showed less those, so
 * faces that joined the cluster since it was listed are never named unseen).
 */
export const useClustersStore = defineStore('clusters', () => {
  const labels = useLabelsStore();
  const total = ref(0);
  const cards = shallowRef<ClusterCard[]>([]);
  const people = shallowRef<PersonSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const reclustering = ref(false);
  /** Faces taken out of a cluster, by cluster id. */
  const removed = ref(new Map<number, ReadonlySet<number>>());
  // Bumped by every fetch that replaces the list, so an older page arriving late is dropped.
  let generation = 0;
  // Marks this store's own label changes: it reloads itself after those, its watcher skips them.
  const origin: ChangeOrigin = Symbol('clusters');

  async function fetchRange(offset: number, count: number): Promise<{ total: number; items: ClusterCard[] }> {
    const items: ClusterCard[] = [];
    let known = 0;
    for (let at = offset; at < offset + count; at += maxLimit) {
      const page = await invoke('clusters.list', {
        offset: at,
        limit: Math.min(maxLimit, offset + count - at),
      });
      known = page.total;
      items.push(...page.items);
      if (page.items.length === 0) break;
    }
    return { total: known, items };
  }

  async function guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      error.value = null;
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      loaded.value = true;
    }
  }

  /** Re-fetches every card loaded so far (at least the first page), and the people to join. */
  function reload(): Promise<void> {
    return guarded(async () => {
      const started = ++generation;
      const [page, list] = await Promise.all([
        fetchRange(0, Math.max(pageSize, cards.value.length)),
        invoke('people.list', {}),
      ]);
      if (started !== generation) return;
      cards.value = page.items;
      total.value = page.total;
      people.value = list;
    });
  }

  /** Fetches the next page, if any; called as the end of the list scrolls into view. */
  function loadMore(): Promise<void> {
    if (cards.value.length >= total.value) return Promise.resolve();
    return guarded(async () => {
      const started = generation;
      const page = await fetchRange(cards.value.length, pageSize);
      if (started !== generation) return;
      const known = new Set(cards.value.map((card) => card.cluster));
      cards.value = [...cards.value, ...page.items.filter((card) => !known.has(card.cluster))];
      total.value = page.total;
    });
  }

  /** The faces of a card still in it (not taken out), in the card's order. */
  function facesOf(card: ClusterCard): ClusterCard['faces'] {
    const out = removed.value.get(card.cluster);
    return out ? card.faces.filter((face) => !out.has(face.id)) : card.faces;
  }

  function removedCount(cluster: number): number {
    return removed.value.get(cluster)?.size ?? 0;
  }

  function remove(cluster: number, faceIds: readonly number[]): void {
    const next = new Map(removed.value);
    next.set(cluster, new Set([...(removed.value.get(cluster) ?? []), ...faceIds]));
    removed.value = next;
  }

  function restore(cluster: number): void {
    const next = new Map(removed.value);
    next.delete(cluster);
    removed.value = next;
  }

  /** The person a typed name joins: an existing one whatever the case, else null (a new person). */
  function personNamed(name: string): PersonSummary | null {
    const wanted = name.trim().toLocaleLowerCase();
    if (!wanted) return null;
    return (
      people.value.find((p) => p.name === name.trim()) ??
      people.value.find((p) => p.name.toLocaleLowerCase() === wanted) ??
      null
    );
  }

  /**
   * Names a cluster (or joins it to a person): only the faces the card showed, less those taken out (an
   * import or a re-cluster since the list was fetched may have changed the cluster); true when it worked.
   */
  async function name(card: ClusterCard, typed: string): Promise<boolean> {
    const personName = personNamed(typed)?.name ?? typed.trim();
    if (!personName) return false;
    const exclude = [...(removed.value.get(card.cluster) ?? [])];
    const faces = facesOf(card).map((face) => face.id);
    const result = await labels.change(
      'clusters.name',
      { cluster: card.cluster, name: personName, exclude, faces },
      origin,
    );
    if (!result) return false;
    restore(card.cluster);
    await reload();
    return true;
  }

  /** Clusters every face again; cluster ids change, so faces taken out are forgotten. */
  async function recluster(): Promise<void> {
    reclustering.value = true;
    try {
      await guarded(async () => {
        await invoke('clusters.recluster', {});
      });
      removed.value = new Map();
      await reload();
    } finally {
      reclustering.value = false;
    }
  }

  /**
   * Follows label changes while the calling component (the Clusters view) is mounted: its setup calls
   * this, so the watchers stop with it. Any other label change (undo from anywhere, a person's page) may
   * add or remove clusters; new suggestions change the cards' suggested names.
   */
  function follow(): void {
    watch(
      () => labels.version,
      (now, before) => {
        if (loaded.value && !labels.madeBy(origin, before, now)) void reload();
      },
    );
    watch(
      () => labels.derivedVersion,
      () => {
        if (loaded.value) void reload();
      },
    );
  }

  return {
    total,
    cards,
    people,
    loaded,
    error,
    reclustering,
    hasMore: computed(() => cards.value.length < total.value),
    reload,
    loadMore,
    facesOf,
    removedCount,
    remove,
    restore,
    personNamed,
    name,
    recluster,
    follow,
  };
});
