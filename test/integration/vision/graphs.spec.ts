import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/vision/backend.js';
import { ssdAnchors } from '../../../src-main/vision/detector-ssd/ssd-anchors.js';
import { decodeSsd } from '../../../src-main/vision/detector-ssd/ssd-decode.js';
import { SsdGraph } from '../../../src-main/vision/detector-ssd/ssd-graph.js';
import { ResnetGraph } from '../../../src-main/vision/embedder-resnet/resnet-graph.js';
import { LandmarksGraph } from '../../../src-main/vision/landmarks68/landmarks-graph.js';
import { loadWeightMap, WeightMap, type ModelFileName } from '../../../src-main/vision/model-files.js';

/**
 * Our folded graphs against face-api's own forward passes, on the same shipped weights and random pixels:
 * folding batch norm, scale layers and the input normalisation into the convolutions, and decoding the SSD
 * boxes in JS, must not change any output beyond float rounding.
 */
interface FaceApiNet {
  loadFromWeightMap(map: tf.NamedTensorMap): void;
  forwardInput(input: unknown): unknown;
  dispose(): void;
}
type NetClass = new () => FaceApiNet;
interface FaceApiNets {
  NetInput: new (inputs: tf.Tensor3D[], isBatch: boolean) => unknown;
  SsdMobilenetv1: NetClass;
  FaceLandmark68Net: NetClass;
  FaceRecognitionNet: NetClass;
}

let faceApi: FaceApiNets;
beforeAll(async () => {
  await initBackend();
  faceApi = createRequire(import.meta.url)('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiNets;
});

function theirNet(Net: NetClass, model: ModelFileName): FaceApiNet {
  const net = new Net();
  net.loadFromWeightMap(loadWeightMap(model));
  return net;
}

const randomPixels = (shape: [number, number, number, number]): tf.Tensor4D =>
  tf.randomUniform(shape, 0, 256, 'int32', 7);
const asBatch = (pixels: tf.Tensor4D): unknown =>
  new faceApi.NetInput(tf.unstack(pixels) as tf.Tensor3D[], true);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('our folded graphs equal face-api graphs on the shipped weights', () => {
  it('ResNet embedder', () => {
    const net = theirNet(faceApi.FaceRecognitionNet, 'face_recognition_model');
    const graph = WeightMap.build('face_recognition_model', (w) => ResnetGraph.fromWeights(w));
    const pixels = randomPixels([3, 150, 150, 3]);
    const theirs = net.forwardInput(asBatch(pixels)) as tf.Tensor2D;
    const ours = graph.forward(tf.cast(pixels, 'float32'));
    expect(ours.shape).toEqual([3, 128]);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose([pixels, theirs, ours]);
    graph.dispose();
    net.dispose();
  });

  it('68-point landmarks', () => {
    const net = theirNet(faceApi.FaceLandmark68Net, 'face_landmark_68_model');
    const graph = WeightMap.build('face_landmark_68_model', (w) => LandmarksGraph.fromWeights(w));
    const pixels = randomPixels([2, 112, 112, 3]);
    const theirs = net.forwardInput(asBatch(pixels)) as tf.Tensor2D;
    const ours = graph.forward(tf.cast(pixels, 'float32'));
    expect(ours.shape).toEqual([2, 136]);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
    tf.dispose([pixels, theirs, ours]);
    graph.dispose();
    net.dispose();
  });

  it('SSD MobileNetV1, with the boxes decoded in JS', () => {
    const net = theirNet(faceApi.SsdMobilenetv1, 'ssd_mobilenetv1_model');
    const graph = WeightMap.build('ssd_mobilenetv1_model', (w) => SsdGraph.fromWeights(w));
    const pixels = randomPixels([1, 512, 512, 3]);
    const theirs = net.forwardInput({ toBatchTensor: () => pixels }) as {
      boxes: tf.Tensor2D[];
      scores: tf.Tensor1D[];
    };
    const ours = graph.forward(tf.cast(pixels, 'float32'));
    const decoded = decodeSsd(ours.encodings.dataSync(), ours.classes.dataSync(), ssdAnchors(512), 0);
    const boxes = theirs.boxes[0]!.dataSync();
    const scores = theirs.scores[0]!.dataSync();
    expect(decoded).toHaveLength(scores.length);
    let worst = 0;
    decoded.forEach((d, i) => {
      const corners = [d.ymin, d.xmin, d.ymax, d.xmax].map((v, k) => Math.abs(v - boxes[i * 4 + k]!));
      worst = Math.max(worst, Math.abs(d.score - scores[i]!), ...corners);
    });
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([pixels, ...theirs.boxes, ...theirs.scores, ours.encodings, ours.classes]);
    graph.dispose();
    net.dispose();
  });

  it('refuses a weight map that lacks a weight or has the wrong rank', () => {
    const map = loadWeightMap('face_recognition_model');
    delete map['conv64_1/conv2/scale/weights'];
    const weights = new WeightMap(map, 'face_recognition_model');
    expect(() => ResnetGraph.fromWeights(weights)).toThrow(
      /weight conv64_1\/conv2\/scale\/weights is missing/,
    );
    expect(() => weights.tensor4d('fc')).toThrow(/has rank 2, expected 4/);
    weights.dispose();
  });
});
