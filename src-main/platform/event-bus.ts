import { EventEmitter } from 'node:events';

type Listener<Events> = <K extends keyof Events>(name: K, payload: Events[K]) => void;

/** The sending side of a bus: what a layer that only publishes (the job queue) depends on. */
export interface EventSink<Events extends object> {
  emit<K extends keyof Events>(name: K, payload: Events[K]): void;
}

/**
 * A typed fan-out of events, named `domain.verb` like commands, to every subscriber. `Events` maps each name
 * to its payload; each layer names the events it sends (jobs: JobEvents) and the API lists them all
 * (api/events.ts), so that nothing here depends on the layers above.
 */
export class TypedEventBus<Events extends object> implements EventSink<Events> {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    this.emitter.emit('event', name, payload);
  }

  /** Receives every event; returns the unsubscribe function. */
  onAny(listener: Listener<Events>): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
