import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { AxisPadding } from './gradient-geometry';
import type { KernelRunner } from './kernel-runner';

/** Explicit NHWC padding in the form the Conv2D kernels take. */
export type ExplicitPads = [[0, 0], [number, number], [number, number], [0, 0]];

/**
 * Drops the rows/columns a negative padding side asks to drop (one Slice, only when some side is negative)
 * and returns the remaining positive padding for the convolution, which pads implicitly.
 */
export function cropToPadding(
  runner: KernelRunner,
  x: TensorInfo,
  height: AxisPadding,
  width: AxisPadding,
): { x: TensorInfo; pads: ExplicitPads } {
  const pads: ExplicitPads = [
    [0, 0],
    [Math.max(0, height.before), Math.max(0, height.after)],
    [Math.max(0, width.before), Math.max(0, width.after)],
    [0, 0],
  ];
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const top = Math.max(0, -height.before);
  const left = Math.max(0, -width.before);
  const keepH = h - top - Math.max(0, -height.after);
  const keepW = w - left - Math.max(0, -width.after);
  if (keepH === h && keepW === w) return { x, pads };
  const cropped = runner.run('Slice', { x }, { begin: [0, top, left, 0], size: [n, keepH, keepW, c] });
  return { x: cropped, pads };
}

/**
 * Spreads dy out by the forward stride: strideH - 1 zero rows after each row, strideW - 1 zero columns after
 * each column (the trailing ones are accounted for by the caller's padding), done as reshape, one PadV2 and
 * reshape. Returns dy itself at stride 1.
 */
export function dilateSpatially(
  runner: KernelRunner,
  dy: TensorInfo,
  strideH: number,
  strideW: number,
): TensorInfo {
  if (strideH === 1 && strideW === 1) return dy;
  const [n, h, w, c] = dy.shape as [number, number, number, number];
  const spread = runner.reshape(dy, [n, h, 1, w, 1, c]);
  const padded = runner.run(
    'PadV2',
    { x: spread },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, strideH - 1],
        [0, 0],
        [0, strideW - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return runner.reshape(padded, [n, h * strideH, w * strideW, c]);
}

/** Zero padding made real (where no convolution follows to pad implicitly); `x` itself when none. */
export function padExplicitly(runner: KernelRunner, x: TensorInfo, pads: ExplicitPads): TensorInfo {
  if (pads.every(([before, after]) => before === 0 && after === 0)) return x;
  return runner.run('PadV2', { x }, { paddings: pads, constantValue: 0 });
}
