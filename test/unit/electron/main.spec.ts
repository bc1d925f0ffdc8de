import { describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;
const appHandlers = new Map<string, Handler>();
const windows: { closed?: () => void }[] = [];
const allWindows: unknown[] = [];
const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
const registerIpcBridge = vi.fn((..._args: unknown[]) => vi.fn());

vi.mock('electron', () => ({
  app: {
    setName: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: () => '/tmp/faceatlas-main-spec',
    getAppPath: () => '/tmp/faceatlas-main-spec',
    on: (name: string, handler: Handler) => appHandlers.set(name, handler),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  BrowserWindow: { getAllWindows: () => allWindows },
  session: { defaultSession: session },
}));
vi.mock('../../../src-main/app/container', () => ({
  Container: class {
    indexer = { warmUp: vi.fn() };
    boot(): this {
      return this;
    }
    shutdown = (): Promise<void> => Promise.resolve();
  },
}));
vi.mock('../../../src-main/electron/media-protocol', () => ({
  registerMediaScheme: vi.fn(),
  handleMediaProtocol: vi.fn(),
}));
vi.mock('../../../src-main/electron/window', () => ({
  createMainWindow: () => {
    const window: { closed?: () => void; once: (event: string, listener: () => void) => void } = {
      once: (event, listener) => {
        if (event === 'closed') window.closed = listener;
      },
    };
    windows.push(window);
    return { window, isRendererUrl: () => true };
  },
}));
vi.mock('../../../src-main/electron/ipc-bridge', () => ({ registerIpcBridge }));

describe('the desktop main process', () => {
  it('denies every permission request and check, and bridges a window reopened on activate', async () => {
    await import('../../../src-main/electron/main');
    await vi.waitFor(() => expect(appHandlers.has('activate')).toBe(true));

    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as Handler | undefined;
    expect(check?.(null, 'media', 'file://', {})).toBe(false);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as Handler;
    const answer = vi.fn();
    request(null, 'notifications', answer);
    expect(answer).toHaveBeenCalledWith(false);

    expect(windows).toHaveLength(1);
    expect(registerIpcBridge).toHaveBeenCalledTimes(1);
    const firstDispose = registerIpcBridge.mock.results[0]?.value as ReturnType<typeof vi.fn>;
    windows[0]?.closed?.();
    expect(firstDispose).toHaveBeenCalled();

    appHandlers.get('activate')?.();
    expect(windows).toHaveLength(2);
    expect(registerIpcBridge).toHaveBeenCalledTimes(2);
    expect(registerIpcBridge.mock.calls[1]?.[1]).toBe(windows[1]);
  });
});
