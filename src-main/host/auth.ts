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

/**
 * The Host header when the request carries exactly one, else undefined. Node keeps only the first of
 * several, so with two (`Host: 127.0.0.1:PORT` then `Host: evil.example`) the loopback check would pass on
 * one name while a proxy or cache in front could route by the other: such a request is refused outright.
 */
export function singleHostHeader(rawHeaders: readonly string[]): string | undefined {
  const hosts: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'host') hosts.push(rawHeaders[i + 1] ?? '');
  }
  return hosts.length === 1 ? hosts[0] : undefined;
}
