import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FaceView } from '../../../src-main/api/contract';
import { useLabelsStore } from '../stores/labels';

type FaceBox = FaceView['box'];

/** A box just drawn, with the photo it was drawn on, waiting for an optional name before it is a face. */
export interface DrawnBox {
  photoId: number;
  box: FaceBox;
}

/**
 * Drawing a face the detector missed, in the photo viewer: `drawing` while a drag draws a box, then `drawn`
 * holds the box (and its photo) until it is added or cancelled. Whenever the photo on screen changes
 * (←/→, or a load), both are dropped: a box belongs to the photo it was drawn on, and is only ever added
 * to that one.
 *
 * @param photoId the photo on screen, or null while none is (another is loading)
 */
export function useFaceDrawing(photoId: () => number | null) {
  const labels = useLabelsStore();
  const { t } = useI18n();
  const drawing = ref(false);
  const drawn = ref<DrawnBox | null>(null);

  /** Cancels drawing and any box waiting for a name; true when there was something to cancel. */
  function cancel(): boolean {
    const had = drawing.value || drawn.value !== null;
    drawing.value = false;
    drawn.value = null;
    return had;
  }

  /** The `d` key and the toolbar button: starts drawing, or stops it. */
  function toggle(): void {
    const start = !drawing.value;
    cancel();
    drawing.value = start && photoId() !== null;
  }

  function onDrawn(box: FaceBox): void {
    const id = photoId();
    drawing.value = false;
    drawn.value = id === null ? null : { photoId: id, box };
  }

  /** Adds the drawn box as a face of its photo (landmarks, alignment, crop and embedding follow). */
  async function add(name: string): Promise<void> {
    const pending = drawn.value;
    if (!pending) return;
    drawn.value = null;
    const person = name.trim();
    const result = await labels.change('faces.draw', {
      photoId: pending.photoId,
      box: pending.box,
      ...(person ? { name: person } : {}),
    });
    if (result) labels.show(t('viewer.faceAdded'));
  }

  watch(photoId, () => cancel());

  return { drawing, drawn, toggle, onDrawn, cancel, add };
}
