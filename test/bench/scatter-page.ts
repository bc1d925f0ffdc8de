/**
 * The scatter bench's page side, bundled (vite, IIFE) and run in headless Chromium: it drives the real
 * ScatterView over generated clustered points and times frames as requestAnimationFrame sees them.
 */
import { panBy, zoomAt } from '../../src-renderer/src/components/embeddings/camera';
import { pointColours } from '../../src-renderer/src/components/embeddings/palette';
import { ScatterView, type MovingStrategy } from '../../src-renderer/src/components/embeddings/scatter-view';

/** `n` points around 60 centres (like people on a face map), with person ids and label states. */
function clusteredPoints(n: number): {
  coords: Float32Array;
  personIds: (number | null)[];
  assignments: ('confirmed' | 'suggested' | null)[];
} {
  let seed = 12345;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const gaussian = (): number =>
    Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 60 }, () => [
    random() * 1.8 - 0.9,
    random() * 1.8 - 0.9,
    0.02 + random() * 0.06,
  ]);
  const coords = new Float32Array(n * 2);
  const personIds: (number | null)[] = [];
  const assignments: ('confirmed' | 'suggested' | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * centres.length);
    const [cx, cy, spread] = centres[c] as [number, number, number];
    coords[i * 2] = cx + gaussian() * spread;
    coords[i * 2 + 1] = cy + gaussian() * spread;
    const r = random();
    personIds.push(r < 0.3 ? null : c + 1);
    assignments.push(r < 0.3 ? null : r < 0.6 ? 'suggested' : 'confirmed');
  }
  return { coords, personIds, assignments };
}

let view: ScatterView | null = null;

/** Frame times (ms between consecutive rAF callbacks) while `step` moves the camera once per frame. */
function timeFrames(frames: number, step: (view: ScatterView, frame: number) => void): Promise<number[]> {
  return new Promise((resolve) => {
    const times: number[] = [];
    let last = 0;
    let frame = 0;
    const tick = (now: number): void => {
      if (last) times.push(now - last);
      last = now;
      if (frame === frames + 1) {
        resolve(times);
        return;
      }
      step(view as ScatterView, frame++);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const api = {
  setup(n: number, strategy: MovingStrategy, width: number, height: number, subsetBudget: number): string {
    view?.dispose();
    document.body.innerHTML = '';
    const canvas = document.createElement('canvas');
    canvas.style.cssText = `width:${width}px;height:${height}px;display:block`;
    document.body.append(canvas);
    view = new ScatterView(canvas, { strategy, subsetBudget });
    view.resize(width, height, window.devicePixelRatio || 1);
    const data = clusteredPoints(n);
    view.setData(data.coords, 2, pointColours(data), true);
    view.frame();
    return view.renderer.rendererName;
  },
  /** Settles, waits for the full frame, then pans a pixel step per frame (a circle, as a hand would). */
  async pan(frames: number): Promise<number[]> {
    view?.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return timeFrames(frames, (v, i) =>
      v.setCamera(panBy(v.camera, 6 * Math.cos(i / 10), 6 * Math.sin(i / 10))),
    );
  },
  async zoom(frames: number): Promise<number[]> {
    view?.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return timeFrames(frames, (v, i) =>
      v.setCamera(
        zoomAt(v.camera, v.size, v.size.width / 3, v.size.height / 2, i < frames / 2 ? 1.02 : 1 / 1.02),
      ),
    );
  },
  /** One full redraw of every point, timed to completion (a 1-pixel read waits for the GPU). */
  fullRedraw(): number {
    const started = performance.now();
    view?.settle();
    view?.frame();
    view?.renderer.readPixel(0, 0);
    return performance.now() - started;
  },
};

declare global {
  interface Window {
    scatterBench?: typeof api;
  }
}
window.scatterBench = api;
