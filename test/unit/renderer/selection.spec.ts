import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useSelection } from '../../../src-renderer/src/composables/useSelection';

const plain = { shiftKey: false, ctrlKey: false, metaKey: false };
const ctrl = { ...plain, ctrlKey: true };
const shift = { ...plain, shiftKey: true };

describe('multi-select as file managers do it', () => {
  it('clicks one, Ctrl toggles, Shift takes the range from the last click, in either direction', () => {
    const ids = ref([10, 11, 12, 13, 14, 15]);
    const s = useSelection(ids);
    s.click(12, plain);
    expect(s.ordered.value).toEqual([12]);
    s.click(14, ctrl);
    expect(s.ordered.value).toEqual([12, 14]);
    s.click(12, ctrl);
    expect(s.ordered.value).toEqual([14]);
    // The range starts at the last item clicked (12, even though that click deselected it).
    s.click(11, shift);
    expect(s.ordered.value).toEqual([11, 12]);
    s.click(14, shift);
    expect(s.ordered.value).toEqual([12, 13, 14]);
    s.click(11, ctrl);
    s.click(15, { ...shift, ctrlKey: true });
    expect(s.ordered.value).toEqual([11, 12, 13, 14, 15]);
    s.click(10, plain);
    expect(s.ordered.value).toEqual([10]);
  });

  it('selects all, clears, and forgets ids that leave the list', () => {
    const ids = ref([1, 2, 3]);
    const s = useSelection(ids);
    s.selectAll();
    expect(s.ordered.value).toEqual([1, 2, 3]);
    ids.value = [1, 3];
    expect(s.ordered.value).toEqual([1, 3]);
    s.clear();
    expect(s.ordered.value).toEqual([]);
    // With no anchor, Shift+click selects just the one clicked.
    s.click(3, shift);
    expect(s.ordered.value).toEqual([3]);
  });
});
