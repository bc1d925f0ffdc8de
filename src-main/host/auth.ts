import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const tokenCookie = 'faceatlas_token';

/** A fresh random token for one host session (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response timing. */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The token a request presents: the session cookie set on the first visit, a bearer header (scripts,
 * tests), or `?token=` (the first visit, and WebSocket clients that cannot set headers).
 */
export function presentedToken(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
  return bearer ?? readCookie(headers.cookie, tokenCookie) ?? url.searchParams.get('token') ?? undefined;
}

/**
 * True when the Host header names this server on loopback. Refusing other names stops DNS-rebinding
 * pages (evil.example resolving to 127.0.0.1) from talking to the host.
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}
