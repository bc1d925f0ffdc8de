import type * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * Whether `model`'s layers, less their residual padding ({@link isResidualPadding}), accept a square input
 * of `size` pixels: the output shapes are walked from a new input shape with each layer's own
 * `computeOutputShape`, so nothing is built and no weight is made. A merge of branches whose sizes then
 * disagree throws, and the size does not fit.
 */
export function fitsInputSize(model: tfl.LayersModel, size: number): boolean {
  return shapesAt(model, size) !== null;
}

/**
 * A zero padding whose only consumers are residual additions: dlib's downsampling blocks pad the strided
 * branch bottom/right where it comes out a row short of the shortcut. The canvas model leaves them out
 * and takes a size where no branch comes out short: padded cells see only the shortcut, and Grad-CAM
 * would light them up whatever the image shows.
 */
export function isResidualPadding(layer: tfl.layers.Layer): boolean {
  return (
    layer.getClassName() === 'ZeroPadding2D' &&
    layer.outboundNodes.length > 0 &&
    layer.outboundNodes.every((node) => node.outboundLayer.getClassName() === 'Add')
  );
}

/** Each layer's output shape for square inputs of `size` pixels, or null when they do not fit. */
function shapesAt(model: tfl.LayersModel, size: number): Map<string, Shape> | null {
  const shapes = new Map<string, Shape>();
  try {
    for (const layer of model.layers) {
      const node = layer.inboundNodes[0];
      const inbound = node?.inboundLayers ?? [];
      if (inbound.length === 0) {
        const channels = (layer.outputShape as Shape)[3] ?? 3;
        shapes.set(layer.name, [null, size, size, channels]);
        continue;
      }
      const inputs = inbound.map((from) => shapes.get(from.name));
      if (inputs.some((shape) => !shape)) return null;
      if (isResidualPadding(layer)) {
        shapes.set(layer.name, inputs[0]!);
        continue;
      }
      const out = layer.computeOutputShape(inputs.length === 1 ? inputs[0]! : (inputs as Shape[]));
      if (Array.isArray(out[0])) return null; // several outputs: not a layer these networks hold
      shapes.set(layer.name, out as Shape);
    }
    return shapes;
  } catch {
    return null;
  }
}

/**
 * Where saliency runs: a square canvas of `size` pixels around the face, whose outermost ring of cells of
 * the explained layer (`grid` x `grid` at this size) is left out of the map: those cells see the zero
 * padding of the image's edge, and in Grad-CAM they light up whatever the image holds. What is shown is
 * the canvas less that ring: `shown` pixels from `offset`.
 */
export interface CanvasGeometry {
  size: number;
  grid: number;
  offset: number;
  shown: number;
}

/**
 * The canvas for a model taking `inputSize` pixels, explained at `layer`: the first size, in steps of 2
 * from twice the input plus a ring of cells on each side, that the network accepts (the bundled ResNet-34
 * fits only sizes where no residual padding is needed, see {@link isResidualPadding}). The face, at the scale the network was
 * trained on, sits in the middle: the shown part is about twice its size.
 */
export function canvasOf(model: tfl.LayersModel, inputSize: number, layer: string): CanvasGeometry {
  const native = (model.getLayer(layer).outputShape as Shape)[1];
  if (!native) throw new Error(`FeatureNetwork - the layer "${layer}" has no spatial output`);
  const first = 2 * inputSize + 2 * Math.ceil(inputSize / native);
  for (let size = first; size <= first + 128; size += 2) {
    const grid = shapesAt(model, size)?.get(layer)?.[1];
    if (!grid || grid < 3) continue;
    const offset = Math.round(size / grid);
    return { size, grid, offset, shown: size - 2 * offset };
  }
  throw new Error(`FeatureNetwork - the model takes no input from ${first} to ${first + 128} pixels`);
}

type LayerJson = {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
};

/** Points every reference to a removed layer at the layer it took its input from. */
function bypass(layers: LayerJson[], removed: Map<string, string>): void {
  const rewire = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value as unknown[];
      if (typeof items[0] === 'string' && removed.has(items[0])) {
        return [removed.get(items[0]), ...items.slice(1)];
      }
      return items.map(rewire);
    }
    return value;
  };
  for (const layer of layers) layer.inbound_nodes = rewire(layer.inbound_nodes ?? []) as unknown[];
}

/**
 * `model` rebuilt for square inputs of `size` pixels without its residual padding layers (see
 * {@link isResidualPadding}), with a copy of its weights (dispose it separately).
 */
export async function resizedModel(
  model: tfl.LayersModel,
  size: number,
  load: (topology: object) => Promise<tfl.LayersModel>,
): Promise<tfl.LayersModel> {
  const json = model.toJSON(null, false) as { config: { layers: LayerJson[] } };
  const removed = new Map<string, string>();
  for (const layer of model.layers) {
    if (isResidualPadding(layer)) removed.set(layer.name, layer.inboundNodes[0]!.inboundLayers[0]!.name);
  }
  json.config.layers = json.config.layers.filter((layer) => !removed.has(layer.name ?? ''));
  bypass(json.config.layers, removed);
  for (const layer of json.config.layers) {
    if (layer.class_name !== 'InputLayer') continue;
    const shape = layer.config.batch_input_shape as Shape;
    layer.config.batch_input_shape = [shape[0] ?? null, size, size, shape[3] ?? 3];
  }
  const resized = await load(json);
  resized.setWeights(model.getWeights());
  return resized;
}
