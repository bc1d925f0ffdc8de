import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { mediaKinds, type MediaKind } from '../api/contract';
import { toApiError } from '../api/router';
import type { Container } from '../app/container';
import { sendError } from './error-reply';

const idPattern = /^[1-9]\d{0,15}$/;

/** GET /media/<kind>/<id>: catalog media by id only; anything else in the path is a 404, never a file. */
export function registerMediaRoutes(server: FastifyInstance, app: Container): void {
  server.get<{ Params: { kind: string; id: string } }>('/media/:kind/:id', async (request, reply) => {
    const { kind, id } = request.params;
    if (!mediaKinds.includes(kind as MediaKind) || !idPattern.test(id)) {
      return sendError(reply, 404, 'not-found', 'no such media');
    }
    try {
      // The service answers with a real path inside the catalog's media folder, or a not-found error
      // (also for a file removed behind the catalog's back).
      const { file, type } = await app.media.file({ kind: kind as MediaKind, id: Number(id) });
      return reply
        .type(type)
        .header('Cache-Control', 'private, max-age=86400, immutable')
        .send(fs.createReadStream(file));
    } catch (error) {
      const apiError = toApiError(error);
      return reply.code(apiError.status).send(apiError.toBody());
    }
  });
}
