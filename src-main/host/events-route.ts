import type { FastifyInstance } from 'fastify';
import type { Container } from '../app/container';

/**
 * GET /events (WebSocket): every backend event as `{"event": name, "payload": ...}`. The Origin must be
 * this host, so that another site's page cannot subscribe even if it had the cookie.
 */
export function registerEventsRoute(server: FastifyInstance, app: Container, port: () => number): void {
  server.get('/events', { websocket: true }, (socket, request) => {
    const origin = request.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port()}` && origin !== `http://localhost:${port()}`) {
      socket.close(1008, 'origin not allowed');
      return;
    }
    const unsubscribe = app.events.onAny((event, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', unsubscribe);
    socket.on('message', () => socket.close(1003, 'this channel only sends'));
  });
}
