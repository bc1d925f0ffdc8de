import { ref, shallowReactive, type Ref } from 'vue';

/** One page of a list the backend serves by offset and limit. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** A sparse, paged view of a long backend list: pages are fetched on first use and kept. */
export interface PagedList<T> {
  total: Ref<number>;
  /** The item at an index, or undefined while its page loads (the page is requested on first use). */
  itemAt: (index: number) => T | undefined;
  /** The item at an index, fetching its page if needed; undefined past the end. */
  fetchAt: (index: number) => Promise<T | undefined>;
  /** The index of the first loaded item that matches, or -1. */
  findLoaded: (match: (item: T) => boolean) => number;
  /** Drops every page and loads the first again. */
  reset: () => Promise<void>;
  /**
   * Re-fetches the pages already loaded and replaces each when it arrives, without dropping any first:
   * what a live view wants while the list grows (no placeholder flash every refresh).
   */
  reload: () => Promise<void>;
}

/**
 * Builds a paged list over a fetch function. Shared by the library (photos) and the faces view so the two
 * virtualised grids page the same way.
 */
export function createPagedList<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  pageSize: number,
): PagedList<T> {
  const total = ref(0);
  const pages = shallowReactive(new Map<number, T[]>());
  const loading = new Map<number, Promise<T[]>>();
  // Bumped on reset so a page that was in flight before it is not stored afterwards.
  let generation = 0;

  function loadPage(page: number): Promise<T[]> {
    const pending = loading.get(page);
    if (pending) return pending;
    const started = generation;
    const request = fetchPage(page * pageSize, pageSize)
      .then((result) => {
        if (started === generation) {
          pages.set(page, result.items);
          total.value = result.total;
        }
        return result.items;
      })
      .finally(() => loading.delete(page));
    loading.set(page, request);
    return request;
  }

  function itemAt(index: number): T | undefined {
    const page = Math.floor(index / pageSize);
    const items = pages.get(page);
    if (!items && !loading.has(page)) void loadPage(page).catch(() => undefined);
    return items?.[index % pageSize];
  }

  async function fetchAt(index: number): Promise<T | undefined> {
    if (index < 0) return undefined;
    const page = Math.floor(index / pageSize);
    const items = pages.get(page) ?? (await loadPage(page));
    return items[index % pageSize];
  }

  function findLoaded(match: (item: T) => boolean): number {
    for (const [page, items] of pages) {
      const offset = items.findIndex(match);
      if (offset >= 0) return page * pageSize + offset;
    }
    return -1;
  }

  async function reset(): Promise<void> {
    generation++;
    loading.clear();
    const first = await fetchPage(0, pageSize);
    pages.clear();
    pages.set(0, first.items);
    total.value = first.total;
  }

  async function reload(): Promise<void> {
    if (pages.size === 0) return reset();
    generation++;
    const started = generation;
    await Promise.all(
      [...pages.keys()].map(async (page) => {
        const result = await fetchPage(page * pageSize, pageSize);
        if (started !== generation) return;
        pages.set(page, result.items);
        total.value = result.total;
      }),
    );
  }

  return { total, itemAt, fetchAt, findLoaded, reset, reload };
}
