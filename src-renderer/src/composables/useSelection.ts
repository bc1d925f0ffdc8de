import { computed, ref, type Ref } from 'vue';

/**
 * Multi-select over an ordered list of ids, the way file managers do it: a click selects one, Ctrl/Cmd+click
 * toggles one, Shift+click selects the range from the last clicked item, Ctrl+A (see `selectAll`) takes
 * all, Esc (`clear`) drops the selection. Ids that leave the list leave the selection.
 */
export function useSelection(ids: Ref<readonly number[]>) {
  const selected = ref(new Set<number>());
  let anchor: number | null = null;

  function click(id: number, event: Pick<MouseEvent, 'shiftKey' | 'ctrlKey' | 'metaKey'>): void {
    const list = ids.value;
    if (event.shiftKey && anchor !== null && list.includes(anchor)) {
      const [from, to] = [list.indexOf(anchor), list.indexOf(id)].sort((a, b) => a - b) as [number, number];
      const range = list.slice(from, to + 1);
      selected.value = new Set(event.ctrlKey || event.metaKey ? [...selected.value, ...range] : range);
      return;
    }
    const next = new Set(event.ctrlKey || event.metaKey ? selected.value : []);
    if (next.has(id) && (event.ctrlKey || event.metaKey)) next.delete(id);
    else next.add(id);
    selected.value = next;
    anchor = id;
  }

  function selectAll(): void {
    selected.value = new Set(ids.value);
  }

  function clear(): void {
    selected.value = new Set();
    anchor = null;
  }

  /** The selected ids still in the list, in list order. */
  const ordered = computed(() => ids.value.filter((id) => selected.value.has(id)));

  return {
    ordered,
    isSelected: (id: number) => selected.value.has(id),
    click,
    selectAll,
    clear,
  };
}
