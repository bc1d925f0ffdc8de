import { EventEmitter } from 'node:events';
import type { JobView } from '../jobs/job-types';

/** Events the backend pushes to every window, named `domain.verb` like commands. */
export interface AppEvents {
  'job.progress': JobView;
  'catalog.changed': { photos: number; faces: number };
}

export type AppEventName = keyof AppEvents;

type Listener = <K extends AppEventName>(name: K, payload: AppEvents[K]) => void;

/** A typed fan-out of backend events to the transports (IPC, WebSocket) and the CLI. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    this.emitter.emit('event', name, payload);
  }

  /** Receives every event; returns the unsubscribe function. */
  onAny(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
