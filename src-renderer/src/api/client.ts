/**
 * The renderer's only way to the backend. Inside the desktop app it talks through the preload bridge
 * (`window.faceatlas`); in a browser on the headless host it uses `/api` and the `/events` WebSocket. Both
 * speak the same contract, so nothing else in the renderer knows which one it runs in.
 */
import type {
  ApiErrorBody,
  BridgeApi,
  CommandInput,
  CommandName,
  CommandOutput,
  EventName,
  EventPayload,
  MediaKind,
} from '../../../src-main/api/contract';

declare global {
  interface Window {
    faceatlas?: BridgeApi;
  }
}

/** An error the backend reported, with its code (`invalid-input`, `not-found`, ...). */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = (event: string, payload: unknown) => void;

interface Transport {
  invoke(command: string, input: unknown): Promise<unknown>;
  onEvent(listener: Listener): () => void;
  pickFolders(): Promise<string[] | null>;
  mediaUrl(kind: MediaKind, id: number): string;
  readonly native: boolean;
}

function bridgeTransport(bridge: BridgeApi): Transport {
  return {
    async invoke(command, input) {
      const result = await bridge.invoke(command, input);
      if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
      return result.value;
    },
    onEvent: (listener) => bridge.onEvent(listener),
    pickFolders: () => bridge.pickFolders(),
    mediaUrl: (kind, id) => `faceatlas-media://${kind}/${id}`,
    native: true,
  };
}

function httpTransport(): Transport {
  const listeners = new Set<Listener>();
  let socket: WebSocket | null = null;
  const connect = (): void => {
    const url = new URL('/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
      for (const listener of listeners) listener(event, payload);
    };
    // Reconnect after the host restarts or the laptop sleeps.
    socket.onclose = () => setTimeout(connect, 1000);
  };
  return {
    async invoke(command, input) {
      const response = await fetch(`/api/${command}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await response.json()) as unknown;
      if (!response.ok) {
        const { error } = body as ApiErrorBody;
        throw new ApiCallError(error.code, error.message);
      }
      return body;
    },
    onEvent(listener) {
      if (!socket) connect();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pickFolders: () => Promise.resolve(null),
    mediaUrl: (kind, id) => `/media/${kind}/${id}`,
    native: false,
  };
}

const transport: Transport = window.faceatlas ? bridgeTransport(window.faceatlas) : httpTransport();

/** Calls a backend command with its typed input and output. */
export async function invoke<C extends CommandName>(
  command: C,
  input: CommandInput<C>,
): Promise<CommandOutput<C>> {
  return (await transport.invoke(command, input)) as CommandOutput<C>;
}

/** Subscribes to one backend event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return transport.onEvent((name, payload) => {
    if (name === event) listener(payload as EventPayload<E>);
  });
}

/** The URL of a catalog media item (thumbnail, face crop) by id. */
export function mediaUrl(kind: MediaKind, id: number): string {
  return transport.mediaUrl(kind, id);
}

/** The native folder picker where there is one (desktop); null means "ask for a path instead". */
export function pickFolders(): Promise<string[] | null> {
  return transport.pickFolders();
}

/** True inside the desktop app, where native dialogs exist. */
export const hasNativeDialogs = transport.native;
