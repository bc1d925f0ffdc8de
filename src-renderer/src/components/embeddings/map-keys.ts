/** The map's keyboard shortcuts, as a table from key to action (the view supplies the actions). */

export interface MapKeyActions {
  zoom(factor: number): void;
  pan(fx: number, fy: number): void;
  reset(): void;
  lasso(): void;
  clear(): void;
}

const panStep = 0.1;
const zoomStep = 1.25;

/** The action a key press means, or null when it means nothing here. */
export function mapKeyAction(key: string, actions: MapKeyActions): (() => void) | null {
  const table: Record<string, () => void> = {
    '+': () => actions.zoom(zoomStep),
    '=': () => actions.zoom(zoomStep),
    '-': () => actions.zoom(1 / zoomStep),
    _: () => actions.zoom(1 / zoomStep),
    ArrowLeft: () => actions.pan(panStep, 0),
    ArrowRight: () => actions.pan(-panStep, 0),
    ArrowUp: () => actions.pan(0, panStep),
    ArrowDown: () => actions.pan(0, -panStep),
    '0': () => actions.reset(),
    l: () => actions.lasso(),
    Escape: () => actions.clear(),
  };
  return table[key] ?? null;
}
