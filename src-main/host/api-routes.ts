import type { FastifyInstance } from 'fastify';
import { toApiError } from '../api/router';
import type { Container } from '../app/container';

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
    reply.code(405).send({ error: { code: 'invalid', message: 'API commands are POST /api/<command>' } }),
  );
}
