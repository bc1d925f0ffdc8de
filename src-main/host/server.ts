import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Container } from '../app/container';
import {
  isLoopbackHost,
  newToken,
  presentedToken,
  singleHostHeader,
  tokenCookie,
  tokenMatches,
} from './auth';
import { registerApiRoutes } from './api-routes';
import { answerClientError, registerErrorReplies, sendError } from './error-reply';
import { registerEventsRoute } from './events-route';
import { registerMediaRoutes } from './media-routes';

export interface HostOptions {
  app: Container;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The headless host: the renderer, the API contract, events and media over HTTP + WebSocket on
 * 127.0.0.1, every request gated by a per-session token. A first visit with `?token=` gets an HttpOnly,
 * SameSite=Strict cookie and is redirected to a clean URL, so the token leaves the address bar.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? newToken();
  if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${options.rendererDir}); run: npm run build:renderer`);
  }
  const server: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    clientErrorHandler: answerClientError,
  });
  registerErrorReplies(server);
  let port = options.port ?? 0;

  // Registered before the auth hook: its own onRequest hook marks upgrade requests, so that a refused
  // WebSocket upgrade gets its socket closed after the 401 instead of held open.
  await server.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  server.addHook('onRequest', async (request, reply) => {
    const host = singleHostHeader(request.raw.rawHeaders);
    if (host === undefined) return sendError(reply, 400, 'invalid', 'expected exactly one Host header');
    if (!isLoopbackHost(host, port)) return sendError(reply, 403, 'invalid', 'unexpected Host header');
    const url = new URL(request.url, `http://${host}`);
    if (!tokenMatches(presentedToken(request.headers, url), token)) {
      return sendError(reply, 401, 'invalid', 'FaceAtlas: open the URL that `faceatlas serve` printed.');
    }
    if (url.searchParams.has('token') && request.method === 'GET' && !url.pathname.startsWith('/events')) {
      url.searchParams.delete('token');
      return reply
        .header('Set-Cookie', `${tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`)
        .redirect(`${url.pathname}${url.search}`, 303);
    }
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
  });

  registerApiRoutes(server, options.app);
  registerEventsRoute(server, options.app, () => port);
  registerMediaRoutes(server, options.app);
  await server.register(fastifyStatic, {
    root: options.rendererDir,
    index: 'index.html',
    setHeaders: (res, filePath) => {
      if (filePath.endsWith('.html')) res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    },
  });

  await server.listen({ host: '127.0.0.1', port });
  const address = server.server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => server.close(),
  };
}

/** The renderer loads only its own code; media and API come from this origin. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
