import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceLabelView, HistoryResult, PersonSummary } from '../../../src-main/api/contract';
import { Container } from '../../../src-main/app/container';
import { startHost, type RunningHost } from '../../../src-main/host/server';
import { seedPhoto } from '../../support/catalog-seed';
import { writeStubRenderer } from '../../support/stub-renderer';
import { makeTempDir } from '../../support/temp';

/** The people commands over the headless host's API, as the renderer's client calls them. */
describe('people over the API', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let host: RunningHost;
  let faces: number[];

  beforeAll(async () => {
    temp = await makeTempDir('people-api');
    const renderer = await writeStubRenderer(temp.dir);
    app = new Container({ catalogDir: path.join(temp.dir, 'catalog'), shell: 'host' }).boot();
    const embedding = (value: number): Float32Array => new Float32Array(128).fill(value);
    faces = [
      ...seedPhoto(app, 0, [embedding(0.088), embedding(-0.088)]),
      ...seedPhoto(app, 1, [embedding(0.088)]),
    ];
    host = await startHost({ app, rendererDir: renderer });
  });

  afterAll(async () => {
    await host?.close();
    await app?.shutdown();
    await temp.cleanup();
  });

  async function call<T>(command: string, body: unknown = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`http://127.0.0.1:${host.port}/api/${command}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('labels, lists, refuses conflicts with a reason, and undoes', async () => {
    const [a, b, c] = faces as [number, number, number];
    expect((await call('labels.assign', { faces: [a, c], name: ' Ada ' })).status).toBe(200);
    expect((await call('labels.assign', { faces: [b], name: 'Ben' })).status).toBe(200);
    const people = await call<PersonSummary[]>('people.list');
    expect(people.body.map((p) => [p.name, p.faces])).toEqual([
      ['Ada', 2],
      ['Ben', 1],
    ]);

    const merge = await call<{ error: { code: string; message: string } }>('people.merge', {
      from: 'Ben',
      into: 'Ada',
    });
    expect(merge.status).toBe(409);
    expect(merge.body.error.message).toMatch(/one face per photo/);
    const unknown = await call<{ error: { code: string } }>('labels.reject', { faces: [a], name: 'Nobody' });
    expect(unknown.status).toBe(404);
    expect((await call('labels.assign', { faces: [], name: 'Ada' })).status).toBe(400);

    expect((await call('labels.reject', { faces: [c], name: 'Ada' })).status).toBe(200);
    const ada = await call<FaceLabelView[]>('people.faces', { person: 'Ada' });
    expect(ada.body.map((f) => f.id)).toEqual([a]);
    const undone = await call<HistoryResult>('labels.undo');
    expect(undone.body).toMatchObject({ op: 'reject', done: 2, undone: 1 });
    expect((await call<FaceLabelView[]>('people.faces', { person: 'Ada' })).body.map((f) => f.id)).toEqual([
      a,
      c,
    ]);
  });

  it('dismisses a false face and renames a person', async () => {
    const ben = (await call<PersonSummary[]>('people.list')).body.find(
      (p) => p.name === 'Ben',
    ) as PersonSummary;
    expect((await call('people.rename', { id: ben.id, name: 'Benjamin' })).status).toBe(200);
    expect((await call('faces.dismiss', { faces: [faces[1]] })).status).toBe(200);
    const listed = (await call<FaceLabelView[]>('people.faces')).body;
    expect(listed.some((f) => f.id === faces[1])).toBe(false);
    expect((await call<PersonSummary[]>('people.list')).body.map((p) => p.name)).toContain('Benjamin');
  });
});
