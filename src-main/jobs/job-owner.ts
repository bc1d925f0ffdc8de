import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JobOwner, StoredJobOwner } from '../catalog/job.repository';

/** How often a queue with work refreshes its jobs' heartbeat. */
export const heartbeatMs = 5_000;

/**
 * A heartbeat older than this means the owner is gone, whatever its pid says: it covers a pid reused by an
 * unrelated process, and owners on another host (a catalog on a network share), whose pid we cannot check.
 * Generous, because a laptop that slept or a busy machine delays heartbeats, and stealing a live job's
 * writer slot is worse than waiting a little longer for a dead one.
 */
export const staleAfterMs = 120_000;

/** This job queue's identity: a fresh token per queue, so two catalogs opened in one process differ. */
export function newJobOwner(): JobOwner {
  return { token: randomUUID(), pid: process.pid, host: os.hostname() };
}

/**
 * Whether a job's owner is alive, seen from `self`: ourselves, yes; another process on this host, when
 * its pid still exists and its heartbeat is fresh; elsewhere (or another queue of this process), by the
 * heartbeat alone. Jobs written before owners existed (null) have no owner to wait for.
 */
export function isOwnerAlive(
  owner: StoredJobOwner | null,
  self: JobOwner,
  now: number = Date.now(),
): boolean {
  if (owner === null) return false;
  if (owner.token === self.token) return true;
  if (now - owner.heartbeat > staleAfterMs) return false;
  if (owner.host !== self.host || owner.pid === self.pid) return true;
  return processExists(owner.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
