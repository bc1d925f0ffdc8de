/**
 * `node --import tsx test/bench/train-margin-loss.ts [--data orl|generated] [--epochs N] [--width W] [--losses a,b]`:
 * verification on held-out people (ROC AUC, EER, TAR@FAR 1e-2) of a ResNet-18 (width 0.25, 64x64) trained
 * from scratch with softmax, ArcFace and CosFace, split by identity. ORL (../shared/datasets/orl, never in
 * npm test): 30 people train, the other 10 are held out (450 same + 1800 different pairs). `generated`: the
 * test fixture's striped classes, 24 people train, 8 held out. Runs in this process on the fastest backend.
 * Each loss spec is `name` or `name:margin:scale` (arcface:0.5:64).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parseTrainConfig } from '../../src-main/training/config/train-config';
import { runTrainer } from '../../src-main/training/run/run-trainer';
import type { TrainerFace, TrainerRequest } from '../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../src-main/training/training-backend';
import { writeClassCrop } from '../support/training-fixture';

const ORL = path.resolve(import.meta.dirname, '../../../shared/datasets/orl');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

/** A binary PGM (P5, 8-bit) as raw grey pixels. */
function decodePgm(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  const header: string[] = [];
  let offset = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[offset]!))) offset++;
    if (bytes[offset] === 0x23) {
      // A comment runs to the end of its line.
      while (bytes[offset] !== 0x0a) offset++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[offset]!))) token += String.fromCharCode(bytes[offset++]!);
    header.push(token);
  }
  const [magic, width, height] = [header[0], Number(header[1]), Number(header[2])];
  if (magic !== 'P5') throw new Error(`not a binary PGM: ${magic}`);
  return { width, height, pixels: bytes.subarray(offset + 1, offset + 1 + width * height) };
}

interface Faces {
  train: TrainerFace[];
  test: TrainerFace[];
  trainPeople: number;
}

/** ORL's 40 people as JPEG crops under `dir`: s1..s30 to train on, s31..s40 held out. */
async function orlFaces(dir: string): Promise<Faces> {
  const faces: Faces = { train: [], test: [], trainPeople: 30 };
  for (let person = 1; person <= 40; person++) {
    for (let image = 1; image <= 10; image++) {
      const { width, height, pixels } = decodePgm(
        await fs.readFile(path.join(ORL, `s${person}/${image}.pgm`)),
      );
      const crop = `media/faces/${person}-${image}.jpg`;
      await fs.mkdir(path.join(dir, 'media/faces'), { recursive: true });
      // 92x112: the square top of the frame holds the face (the loader squares what it is given).
      await sharp(pixels, { raw: { width, height, channels: 1 } })
        .extract({ left: 0, top: 6, width, height: width })
        .toColourspace('srgb')
        .jpeg({ quality: 95 })
        .toFile(path.join(dir, crop));
      const face = { faceId: person * 100 + image, personId: person, personName: `s${person}`, crop };
      (person <= faces.trainPeople ? faces.train : faces.test).push(face);
    }
  }
  return faces;
}

/** The fixture's generated people: 24 to train on, 8 held out, 10 faces each. */
async function generatedFaces(dir: string): Promise<Faces> {
  const faces: Faces = { train: [], test: [], trainPeople: 24 };
  for (let c = 0; c < 32; c++) {
    for (let i = 0; i < 10; i++) {
      const crop = `media/faces/${c}-${i}.jpg`;
      await writeClassCrop(path.join(dir, crop), c, i);
      const face = { faceId: c * 100 + i, personId: c + 1, personName: `g${c}`, crop };
      (c < faces.trainPeople ? faces.train : faces.test).push(face);
    }
  }
  return faces;
}

function lossConfig(spec: string): Record<string, unknown> {
  const [loss, margin, scale] = spec.split(':');
  return {
    loss,
    ...(margin ? { margin: Number(margin) } : {}),
    ...(scale ? { scale: Number(scale) } : {}),
  };
}

async function main(): Promise<void> {
  const data = option('data', 'orl');
  const epochs = Number(option('epochs', '20'));
  const losses = option('losses', 'softmax,arcface,cosface').split(',');
  const seed = Number(option('seed', '1'));
  const width = Number(option('width', '0.25'));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'margin-bench-'));
  const { backend } = await initTrainingBackend();
  const faces = data === 'orl' ? await orlFaces(dir) : await generatedFaces(dir);
  const classes = Array.from({ length: faces.trainPeople }, (_, index) => ({
    // Both sources number the training people 1..trainPeople.
    personId: index + 1,
    name: `p${index}`,
    index,
  }));
  console.log(
    `margin bench: ${data}, ${faces.train.length} train / ${faces.test.length} held-out faces, ` +
      `${epochs} epochs, width ${width}, backend ${backend}`,
  );
  console.log('loss                  margin scale   AUC     EER   TAR@1e-2  seconds  last loss');
  for (const spec of losses) {
    const config = parseTrainConfig({
      mode: 'scratch',
      epochs,
      width,
      split: { by: 'identity', testIdentities: faces.test.length / 10 },
      seed,
      ...lossConfig(spec),
    });
    const request: TrainerRequest = {
      runId: 1,
      config,
      catalogDir: dir,
      runDir: path.join(dir, `run-${spec}`),
      classes,
      train: faces.train,
      val: [],
      test: faces.test,
      resumeFrom: null,
    };
    const trainLoss: number[] = [];
    const outcome = await runTrainer(request, backend, new AbortController().signal, (event) => {
      if (event.type === 'metrics') {
        for (const m of event.metrics) if (m.split === 'train' && m.name === 'loss') trainLoss.push(m.value);
      }
    });
    const m = outcome.metrics;
    const lastEpoch = trainLoss.slice(-Math.ceil(faces.train.length / config.batchSize));
    const meanLast = lastEpoch.reduce((a, b) => a + b, 0) / lastEpoch.length;
    console.log(
      [
        spec.padEnd(20),
        String(config.margin ?? '-').padStart(6),
        String(config.scale ?? '-').padStart(5),
        m.auc!.toFixed(4).padStart(7),
        m.eer!.toFixed(4).padStart(7),
        m.tarAtFar1e2!.toFixed(3).padStart(8),
        outcome.seconds.toFixed(0).padStart(8),
        meanLast.toFixed(3).padStart(9),
      ].join(' '),
    );
  }
  await fs.rm(dir, { recursive: true, force: true });
}

await main();
