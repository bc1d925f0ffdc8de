import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp';
import { seedTrainingCatalog } from '../../support/training-fixture';

interface TrainLine {
  runId: number;
  status: string;
  backend: string;
  metrics: Record<string, number>;
  seconds: number;
}

interface RunLine {
  id: number;
  status: string;
  config: Record<string, unknown>;
  metrics: Record<string, number>;
}

describe('faceatlas train and runs (CLI)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;

  const writeConfig = async (name: string, config: unknown): Promise<string> => {
    const file = path.join(temp.dir, `${name}.json`);
    await fs.writeFile(file, JSON.stringify(config));
    return file;
  };
  const train = async (config: unknown, name = 'config') =>
    runCli(['train', '--config', await writeConfig(name, config), '--catalog', catalog, '--json'], 300_000);

  beforeAll(async () => {
    temp = await makeTempDir('train-cli');
    const seeded = await seedTrainingCatalog(temp.dir, 3, 8);
    catalog = seeded.catalogDir;
    await seeded.app.shutdown();
  });
  afterAll(async () => temp.cleanup());

  it('trains a head on the stored embeddings and prints the run summary as the last line', async () => {
    const result = await train({ mode: 'head', epochs: 15, split: { by: 'image', testPerPerson: 2 } });
    expect(result.stderr).toContain('run 1: training');
    expect(result.code).toBe(0);
    const line = lastJson<TrainLine>(result.stdout);
    expect(Object.keys(line)).toEqual(['runId', 'status', 'backend', 'metrics', 'seconds']);
    expect(line).toMatchObject({ runId: 1, status: 'completed' });
    expect(['tensorflow', 'tensorflow-gpu', 'wasm', 'cpu']).toContain(line.backend);
    // Three well-separated people, two held-out faces each: every one is told apart.
    expect(line.metrics.testAccuracy).toBe(1);
    expect(line.metrics.testFaces).toBe(6);
    expect(line.seconds).toBeGreaterThan(0);
    const saved = path.join(catalog, 'runs', '1', 'model');
    expect((await fs.readdir(saved)).sort()).toEqual(['faceatlas.json', 'model.json', 'weights.bin']);
  });

  it('refuses a config with an unknown field, naming it, and starts no run', async () => {
    const result = await train({ mode: 'head', lerningRate: 0.1 }, 'typo');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('lerningRate');
    const runs = lastJson<RunLine[]>((await runCli(['runs', '--catalog', catalog, '--json'])).stdout);
    expect(runs.map((run) => run.id)).toEqual([1]);
  });

  it('trains a ResNet from scratch and lists both runs with their config and metrics', async () => {
    const result = await train({
      mode: 'scratch',
      epochs: 2,
      batchSize: 6,
      split: { by: 'image', testPerPerson: 2 },
      augment: false,
    });
    expect(result.code).toBe(0);
    const line = lastJson<TrainLine>(result.stdout);
    expect(line.status).toBe('completed');
    expect(line.metrics.testFaces).toBe(6);
    expect(line.metrics.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(line.metrics.steps).toBe(2 * Math.ceil(18 / 6));

    const listed = await runCli(['runs', '--catalog', catalog, '--json']);
    const runs = lastJson<RunLine[]>(listed.stdout);
    expect(runs.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 1, status: 'completed' },
      { id: 2, status: 'completed' },
    ]);
    expect(Object.keys(runs[1]!)).toEqual(['id', 'status', 'config', 'metrics']);
    // The stored config is the full one, defaults filled in.
    expect(runs[1]!.config).toMatchObject({
      mode: 'scratch',
      architecture: 'resnet18',
      width: 0.25,
      inputSize: 64,
    });
    expect(runs[1]!.metrics.testAccuracy).toBe(line.metrics.testAccuracy);
    expect(runs[0]!.metrics.testAccuracy).toBe(1);
  });
});
