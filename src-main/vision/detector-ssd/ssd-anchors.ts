/**
 * SSD anchors (TF Object Detection API `ssd_anchor_generator`: 6 layers, scales 0.2..0.95, aspect ratios
 * 1, 2, 0.5, 3, 0.3333 plus an interpolated scale, in the order of the frozen graph; 3 reduced boxes in the lowest layer), as
 * [ymin, xmin, ymax, xmax] in relative units, for any input of `inputWidth` x `inputHeight` (multiples of
 * 32; square by default). For 512x512 this reproduces the `Output/extra_dim` tensor shipped with the
 * face-api weights (5118 anchors). Other sizes keep the grid (one cell per 16..512 input pixels) and the
 * anchors' size in pixels, so the detector can run at smaller inputs (256 for a 250 px photo instead of
 * upscaling it to 512) and on rectangles (512x288 for a 16:9 photo instead of padding it to 512x512).
 */
export function ssdAnchors(inputWidth: number, inputHeight: number = inputWidth): Float32Array {
  const numLayers = 6;
  const scales = Array.from({ length: numLayers }, (_, i) => 0.2 + ((0.95 - 0.2) * i) / (numLayers - 1));
  scales.push(1);
  // The convolutions respond to faces by their size in pixels, so anchors keep their 512-input pixel size.
  const pixelScaleX = 512 / inputWidth;
  const pixelScaleY = 512 / inputHeight;
  const gridsY = featureMapSizes(inputHeight);
  const anchors: number[] = [];
  for (const [layer, gridX] of featureMapSizes(inputWidth).entries()) {
    const gridY = gridsY[layer]!;
    const shapes: [number, number][] =
      layer === 0
        ? [
            [0.1, 1],
            [scales[0]!, 2],
            [scales[0]!, 0.5],
          ]
        : [
            [scales[layer]!, 1],
            [Math.sqrt(scales[layer]! * scales[layer + 1]!), 1],
            ...[2, 0.5, 3, 0.3333].map((ratio): [number, number] => [scales[layer]!, ratio]),
          ];
    for (let y = 0; y < gridY; y++) {
      for (let x = 0; x < gridX; x++) {
        const cy = (y + 0.5) / gridY;
        const cx = (x + 0.5) / gridX;
        for (const [scale, ratio] of shapes) {
          const h = (scale / Math.sqrt(ratio)) * pixelScaleY;
          const w = scale * Math.sqrt(ratio) * pixelScaleX;
          anchors.push(cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2);
        }
      }
    }
  }
  return Float32Array.from(anchors);
}

/** Extent of the six SSD feature maps along one input side: strides 16, 32, 64, 128, 256, 512, 'same' padding. */
export function featureMapSizes(inputSize: number): number[] {
  const sizes = [Math.ceil(inputSize / 16)];
  for (let i = 1; i < 6; i++) sizes.push(Math.ceil(sizes[i - 1]! / 2));
  return sizes;
}
