import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiErrorBody } from '../api/contract';
import { ApiError, type ApiErrorCode } from '../api/errors';
import { toApiError } from '../api/router';

/** A refused request as every host response says it: a status and `{error: {code, message}}`. */
export interface ErrorReply {
  status: number;
  body: ApiErrorBody;
}

/** Sends the one error shape the renderer's client reads (`error.message`), whatever refused the request. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message));
}

/**
 * Maps anything thrown while serving a request to the app's error shape: our own errors keep their code;
 * fastify's (body too large, malformed JSON, unsupported media type) keep their 4xx status and get a
 * message a user can read, instead of fastify's `{statusCode, code, error}` that the client cannot show.
 */
export function toErrorReply(error: unknown): ErrorReply {
  const status = httpStatusOf(error);
  if (status === undefined || error instanceof ApiError) {
    const apiError = toApiError(error);
    return { status: apiError.status, body: apiError.toBody() };
  }
  if (status >= 500) return { status, body: errorBody('internal', messageOf(error)) };
  const fastifyCode = (error as { code?: unknown }).code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status, body: errorBody('invalid-input', 'the request body is over the size limit') };
  }
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP_')) {
    return { status, body: errorBody('invalid-input', `invalid request body: ${messageOf(error)}`) };
  }
  const code: ApiErrorCode = status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'invalid';
  return { status, body: errorBody(code, messageOf(error)) };
}

/** Routes every error and unmatched URL of the server through the one error shape. */
export function registerErrorReplies(server: FastifyInstance): void {
  server.setErrorHandler((error, _request, reply) => {
    const { status, body } = toErrorReply(error);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  server.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not-found', `nothing here: ${request.method} ${request.url.split('?')[0]}`),
  );
}

/**
 * For fastify's `clientErrorHandler`: a request Node could not even parse (bad request line, headers
 * over the limit) answers in the same shape, then the connection closes.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const message = tooLarge ? 'the request headers are too large' : 'malformed HTTP request';
  const body = JSON.stringify(errorBody('invalid', message));
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** The HTTP status an error carries (fastify's and its plugins' errors do), if any. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 ? statusCode : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'request failed';
}
