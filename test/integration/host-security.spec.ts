import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../src-main/app/container';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { writePhoto } from '../support/images';
import { writeStubRenderer } from '../support/stub-renderer';
import { makeTempDir } from '../support/temp';

describe('headless host security', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let host: RunningHost;
  let base: string;
  let photoId: number;

  beforeAll(async () => {
    temp = await makeTempDir('host');
    const renderer = await writeStubRenderer(temp.dir);
    await writePhoto(path.join(temp.dir, 'photos', 'one.jpg'), 'jpeg', 1);
    app = new Container({ catalogDir: path.join(temp.dir, 'catalog'), shell: 'host' }).boot();
    await app.jobs.waitFor(
      app.imports.start({ folders: [path.join(temp.dir, 'photos')], labelsFromFolders: false }),
    );
    photoId = app.library.listPhotos(0, 1).items[0]!.id;
    host = await startHost({ app, rendererDir: renderer });
    base = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host?.close();
    await app?.shutdown();
    await temp.cleanup();
  });

  const auth = (): Record<string, string> => ({ Authorization: `Bearer ${host.token}` });
  const post = (
    command: string,
    body: unknown,
    headers: Record<string, string> = auth(),
  ): Promise<Response> =>
    fetch(`${base}/api/${command}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses API, media and page requests without the token', async () => {
    expect((await post('catalog.stats', {}, {})).status).toBe(401);
    expect((await post('catalog.stats', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${base}/media/thumb/${photoId}`)).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=${host.token.slice(0, -1)}x`)).status).toBe(401);
  });

  it('refuses the events WebSocket without the token', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
      socket.on('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      socket.on('open', () => reject(new Error('opened without a token')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('serves the API, media and events with the token', async () => {
    const stats = await post('catalog.stats', {});
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ photos: 1 });
    const media = await fetch(`${base}/media/thumb/${photoId}`, { headers: auth() });
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events`, { headers: auth() });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const event = new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(data.toString())),
    );
    app.events.emit('catalog.changed', { photos: 1, faces: 0 });
    expect(JSON.parse(await event)).toEqual({ event: 'catalog.changed', payload: { photos: 1, faces: 0 } });
    socket.terminate();
  });

  it('moves the token from the first URL into an HttpOnly SameSite=Strict cookie', async () => {
    const first = await fetch(`${base}/?token=${host.token}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it.each([
    '/media/thumb/../../catalog.db',
    '/media/thumb/..%2F..%2Fcatalog.db',
    '/media/%2e%2e/%2e%2e/etc/passwd',
    '/media/thumb/1%00.webp',
    '/media/thumb/0',
    '/media/thumb/-1',
    '/media/thumb/1;rm%20-rf',
    '/media/thumb/99999999',
    '/media/../../etc/passwd',
    '/media/file/1',
    '/catalog.db',
    '/../catalog/catalog.db',
  ])('answers %s with a 4xx and never a file', async (url) => {
    const response = await fetch(`${base}${url}`, { headers: auth() });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type') ?? '').not.toContain('image');
  });

  it.each([
    ['photos.get', { id: '1 OR 1=1' }],
    ['photos.get', { id: -1 }],
    ['photos.get', { id: 1, extra: "'; DROP TABLE photos; --" }],
    ['photos.list', { offset: 0, limit: 1e9 }],
    ['import.start', { folders: ['relative/path'] }],
    ['import.start', { folders: ['/etc/passwd'] }],
    ['__proto__', {}],
    ['constructor', {}],
    ['..%2F..%2Fetc', {}],
  ])('rejects %s %j with a 4xx', async (command, body) => {
    const response = await post(command, body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(host.port, '127.0.0.1', () => {
        socket.write(
          `GET /?token=${host.token} HTTP/1.1\r\nHost: evil.example:${host.port}\r\nConnection: close\r\n\r\n`,
        );
      });
      let response = '';
      socket.on('data', (chunk) => (response += chunk.toString()));
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1])));
      socket.on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('listens on 127.0.0.1 only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address && address.family === 'IPv4' && !address.internal)
      .map((address) => address!.address);
    for (const address of external) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect(host.port, address);
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused, `reachable on ${address}`).toBe(true);
    }
    const refusedOnWildcard = await new Promise<boolean>((resolve) => {
      const socket = net.connect(host.port, '::1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refusedOnWildcard).toBe(true);
  });
});
