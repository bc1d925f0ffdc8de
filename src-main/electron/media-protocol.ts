import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { mediaKinds, mediaProtocol, type MediaKind } from '../api/contract';
import type { Container } from '../app/container';

/** Must run before the app is ready: lets the renderer load `faceatlas-media://` like https images. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: mediaProtocol, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** `faceatlas-media://<kind>/<id>`: catalog media by id only, never a path from the page. */
export function handleMediaProtocol(app: Container): void {
  protocol.handle(mediaProtocol, async (request) => {
    const url = new URL(request.url);
    const kind = url.hostname as MediaKind;
    const id = url.pathname.replace(/^\//, '');
    if (!mediaKinds.includes(kind) || !/^[1-9]\d{0,15}$/.test(id))
      return new Response('not found', { status: 404 });
    try {
      const { file } = await app.media.file({ kind, id: Number(id) });
      return await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
