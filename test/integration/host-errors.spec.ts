import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../src-main/app/container';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { writePhoto } from '../support/images';
import { writeStubRenderer } from '../support/stub-renderer';
import { makeTempDir } from '../support/temp';

/** What the renderer's client needs from every refusal: `{error: {code, message}}` and nothing else. */
async function expectAppError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  expect((body.error?.message as string).length).toBeGreaterThan(0);
  return body.error?.message as string;
}

/** Sends raw request bytes and returns the status line's code and the whole response. */
function rawRequest(port: number, request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), text }));
    socket.on('error', reject);
  });
}

describe('host errors and media containment', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let host: RunningHost;
  let base: string;
  let ids: number[];
  let photoFiles: string[];

  beforeAll(async () => {
    temp = await makeTempDir('host-errors');
    const renderer = await writeStubRenderer(temp.dir);
    photoFiles = [0, 1, 2, 3].map((i) => path.join(temp.dir, 'photos', `p${i}.jpg`));
    for (const [i, file] of photoFiles.entries()) await writePhoto(file, 'jpeg', i);
    app = new Container({ catalogDir: path.join(temp.dir, 'catalog'), shell: 'host' }).boot();
    await app.jobs.waitFor(
      app.imports.start({
        folders: [path.join(temp.dir, 'photos')],
        labelsFromFolders: false,
        indexFaces: false,
      }),
    );
    const items = app.library.listPhotos(0, 10).items;
    ids = photoFiles.map((file) => items.find((item) => item.path === file)!.id);
    host = await startHost({ app, rendererDir: renderer });
    base = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host?.close();
    await app?.shutdown();
    await temp.cleanup();
  });

  const bearer = (): string => `Bearer ${host.token}`;
  const get = (url: string): Promise<Response> =>
    fetch(`${base}${url}`, { headers: { Authorization: bearer() } });

  it('answers a preview of a photo file now holding non-image bytes with a 404 that says so', async () => {
    await fs.writeFile(photoFiles[0]!, 'not an image any more');
    const message = await expectAppError(await get(`/media/preview/${ids[0]}`), 404);
    expect(message).toMatch(/no longer a readable image/);
  });

  it('refuses an oversized photo file from its size, without reading it', async () => {
    await fs.truncate(photoFiles[1]!, 1.5 * 1024 ** 3); // sparse: cheap to make, 11 s to read
    const started = Date.now();
    const message = await expectAppError(await get(`/media/preview/${ids[1]}`), 404);
    expect(message).toMatch(/over the 1 GB limit/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never serves a file outside the media folder from a tampered row', async () => {
    app.db
      .prepare('UPDATE photos SET thumb = ? WHERE id = ?')
      .run('../../../../../../../../etc/passwd', ids[2]);
    const response = await get(`/media/thumb/${ids[2]}`);
    const message = await expectAppError(response, 404);
    expect(message).not.toMatch(/root:/);
    app.db.prepare('UPDATE photos SET thumb = ? WHERE id = ?').run('catalog.db', ids[2]);
    await expectAppError(await get(`/media/thumb/${ids[2]}`), 404);
  });

  it('never follows a symlink planted in the media folder to outside it', async () => {
    const { thumb } = app.db.prepare('SELECT thumb FROM photos WHERE id = ?').get(ids[3]) as {
      thumb: string;
    };
    const planted = path.join(temp.dir, 'catalog', thumb);
    await fs.rm(planted);
    await fs.symlink('/etc/passwd', planted);
    await expectAppError(await get(`/media/thumb/${ids[3]}`), 404);
  });

  it("answers fastify's own refusals in the app's error shape", async () => {
    const post = (body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${base}/api/catalog.stats`, {
        method: 'POST',
        headers: { Authorization: bearer(), 'Content-Type': type },
        body,
      });
    await expectAppError(await post(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) })), 413);
    await expectAppError(await post('{"not json'), 400);
    await expectAppError(await post('<xml/>', 'application/xml'), 415);
    await expectAppError(await get('/no/such/route'), 404);
    await expectAppError(await fetch(`${base}/api/catalog.stats`, { method: 'POST' }), 401);
    await expectAppError(await get('/api/catalog.stats'), 405);
  });

  it('answers jobs.cancel and jobs.resume of unknown or finished jobs with 4xx, not 500', async () => {
    const call = (command: string, body: unknown): Promise<Response> =>
      fetch(`${base}/api/${command}`, {
        method: 'POST',
        headers: { Authorization: bearer(), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await expectAppError(await call('jobs.cancel', { id: 999_999 }), 404)).toBe('no job 999999');
    expect(await expectAppError(await call('jobs.resume', { id: 999_999 }), 404)).toBe('no job 999999');
    const finished = app.jobs.list().find((job) => job.state === 'done');
    expect(finished).toBeDefined();
    const message = await expectAppError(await call('jobs.resume', { id: finished!.id }), 409);
    expect(message).toMatch(/only interrupted, failed or cancelled jobs can be resumed/);
  });

  it('refuses a request with two Host headers', async () => {
    const { status, text } = await rawRequest(
      host.port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nHost: evil.example\r\n` +
        `Authorization: Bearer ${host.token}\r\nConnection: close\r\n\r\n`,
    );
    expect(status).toBe(400);
    expect(text).toContain('"error"');
  });

  it('answers a request Node cannot parse in the same shape', async () => {
    const { status, text } = await rawRequest(host.port, 'NONSENSE\r\n\r\n');
    expect(status).toBe(400);
    expect(JSON.parse(text.split('\r\n\r\n')[1] ?? '')).toMatchObject({ error: { code: 'invalid' } });
  });
});
