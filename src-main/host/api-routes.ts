import type { FastifyInstance } from 'fastify';
import { toApiError } from '../api/router';
import type { Container } from '../app/container';
import { sendError } from './error-reply';

/** POST /api/<command> with the JSON input; the reply is the output, or `{error}` with a 4xx/5xx status. */
export function registerApiRoutes(server: FastifyInstance, app: Container): void {
  server.post<{ Params: { command: string } }>('/api/:command', async (request, reply) => {
    try {
      return await app.router.invoke(request.params.command, request.body);
    } catch (error) {
      const apiError = toApiError(error);
      return reply.code(apiError.status).send(apiError.toBody());
    }
  });
  server.all('/api/*', async (_request, reply) =>
    sendError(reply, 405, 'invalid', 'API commands are POST /api/<command>'),
  );
}
