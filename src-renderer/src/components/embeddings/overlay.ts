/**
 * The 2D canvas over the scatter: the lasso path or brush rectangle being drawn, the hovered point's ring
 * and the pulsing rings of "find a person". Cheap next to the points, redrawn after each frame.
 */

export interface OverlayState {
  /** The lasso or brush outline, x, y pairs in CSS pixels; empty when none. */
  outline: readonly number[];
  /** The hovered point on screen, or null. */
  hover: readonly [number, number] | null;
  /** Screen positions to pulse, and the pulse's phase 0..1 (null: no pulse). */
  pulse: { points: readonly (readonly [number, number])[]; phase: number } | null;
}

/** Draws the overlay; the canvas is sized in device pixels, `ratio` per CSS pixel. */
export function drawOverlay(context: CanvasRenderingContext2D, ratio: number, state: OverlayState): void {
  const { canvas } = context;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  if (state.outline.length >= 4) {
    context.beginPath();
    context.moveTo(state.outline[0] as number, state.outline[1] as number);
    for (let i = 2; i + 1 < state.outline.length; i += 2) {
      context.lineTo(state.outline[i] as number, state.outline[i + 1] as number);
    }
    context.closePath();
    context.fillStyle = 'rgba(79, 140, 255, 0.12)';
    context.fill();
    context.setLineDash([5, 4]);
    context.strokeStyle = '#4f8cff';
    context.lineWidth = 1.5;
    context.stroke();
    context.setLineDash([]);
  }
  if (state.pulse) {
    const radius = 6 + 14 * state.pulse.phase;
    context.strokeStyle = `rgba(255, 255, 255, ${1 - state.pulse.phase})`;
    context.lineWidth = 2;
    // Hundreds of rings are enough to show where a person is; thousands would cost a frame.
    for (const [x, y] of state.pulse.points.slice(0, 400)) {
      context.beginPath();
      context.arc(x, y, radius, 0, Math.PI * 2);
      context.stroke();
    }
  }
  if (state.hover) {
    context.beginPath();
    context.arc(state.hover[0], state.hover[1], 7, 0, Math.PI * 2);
    context.strokeStyle = '#ffffff';
    context.lineWidth = 2;
    context.stroke();
  }
}
