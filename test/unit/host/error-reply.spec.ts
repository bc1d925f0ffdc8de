import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { singleHostHeader } from '../../../src-main/host/auth';
import { toErrorReply } from '../../../src-main/host/error-reply';
import { UserError } from '../../../src-main/util/errors';

/** An error as fastify builds its own (FST_ERR_*), with a status. */
function fastifyError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

describe('toErrorReply', () => {
  it("keeps the app's own errors' code, status and message", () => {
    expect(toErrorReply(new ApiError('conflict', 'busy'))).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'busy' } },
    });
    expect(toErrorReply(new UserError('no photo 3', 'not-found'))).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: 'no photo 3' } },
    });
  });

  it("turns fastify's body errors into the app's shape with their 4xx status", () => {
    const tooLarge = toErrorReply(
      fastifyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('invalid-input');
    expect(tooLarge.body.error.message).toMatch(/size limit/);
    const json = toErrorReply(fastifyError(400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'Body is not valid JSON'));
    expect(json).toEqual({
      status: 400,
      body: { error: { code: 'invalid-input', message: 'invalid request body: Body is not valid JSON' } },
    });
    expect(toErrorReply(fastifyError(404, 'X', 'gone')).body.error.code).toBe('not-found');
  });

  it('answers anything else as a 500 with only its message', () => {
    expect(toErrorReply(new Error('boom'))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'boom' } },
    });
    expect(toErrorReply(fastifyError(503, 'X', 'down'))).toEqual({
      status: 503,
      body: { error: { code: 'internal', message: 'down' } },
    });
    expect(Object.keys(toErrorReply('odd').body)).toEqual(['error']);
  });
});

describe('singleHostHeader', () => {
  it('returns the one Host header, whatever its case', () => {
    expect(singleHostHeader(['Host', '127.0.0.1:80', 'Accept', '*/*'])).toBe('127.0.0.1:80');
    expect(singleHostHeader(['accept', '*/*', 'hOsT', 'localhost:1'])).toBe('localhost:1');
  });

  it('refuses none or several', () => {
    expect(singleHostHeader(['Accept', '*/*'])).toBeUndefined();
    expect(singleHostHeader(['Host', '127.0.0.1:80', 'Host', 'evil.example'])).toBeUndefined();
    expect(singleHostHeader(['Host', '127.0.0.1:80', 'host', '127.0.0.1:80'])).toBeUndefined();
  });
});
