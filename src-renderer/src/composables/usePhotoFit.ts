import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * For a photo fitted (`object-fit: contain`) into the element `stage`, followed as the element resizes:
 * `px(n)` is the photo pixels that look n screen pixels wide, so strokes, dots and labels drawn in photo
 * coordinates keep one size on screen.
 */
export function usePhotoFit(
  stage: Ref<HTMLElement | null>,
  photo: () => { width: number; height: number } | null,
): { px: (screenPixels: number) => number } {
  const size = ref({ width: 1, height: 1 });
  const scale = computed(() => {
    const fitted = photo();
    if (!fitted) return 1;
    return Math.max(1e-6, Math.min(size.value.width / fitted.width, size.value.height / fitted.height));
  });

  let observer: ResizeObserver | null = null;
  onMounted(() => {
    observer = new ResizeObserver(([entry]) => {
      if (entry) size.value = { width: entry.contentRect.width, height: entry.contentRect.height };
    });
    if (stage.value) observer.observe(stage.value);
  });
  onBeforeUnmount(() => observer?.disconnect());

  return { px: (screenPixels) => screenPixels / scale.value };
}
