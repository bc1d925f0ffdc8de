import type { FastifyInstance, FastifyReply } from 'fastify';
import { toApiError } from '../api/router';
import type { Container } from '../app/container';
import { sendError } from './error-reply';

/** POST /api/<command> with the JSON input; the reply is the output, or `{error}` with a 4xx/5xx status. */
export function registerApiRoutes(server: FastifyInstance, app: Container): void {
  const invoke = async (command: string, body: unknown, reply: FastifyReply): Promise<unknown> => {
    try {
      return await app.router.invoke(command, body);
    } catch (error) {
      const apiError = toApiError(error);
      return reply.code(apiError.status).send(apiError.toBody());
    }
  };
  server.post<{ Params: { command: string } }>('/api/:command', (request, reply) =>
    invoke(request.params.command, request.body, reply),
  );
  // A search by photo carries the photo (up to 50 MB, base64 in JSON); every other body stays small.
  server.post('/api/search.photo', { bodyLimit: 72 * 1024 * 1024 }, (request, reply) =>
    invoke('search.photo', request.body, reply),
  );
  server.all('/api/*', async (_request, reply) =>
    sendError(reply, 405, 'invalid', 'API commands are POST /api/<command>'),
  );
}
