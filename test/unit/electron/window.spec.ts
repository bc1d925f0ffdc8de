import { beforeEach, describe, expect, it, vi } from 'vitest';

type Guard = (event: { url: string; preventDefault: () => void }) => void;
const guards = new Map<string, Guard>();

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {
      on: (name: string, listener: Guard) => guards.set(name, listener),
      setWindowOpenHandler: vi.fn(),
    };
    once = vi.fn();
    loadURL = vi.fn(() => Promise.resolve());
    loadFile = vi.fn(() => Promise.resolve());
  },
  shell: { openExternal: vi.fn() },
}));

describe('the main window', () => {
  beforeEach(async () => {
    guards.clear();
    vi.resetModules();
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const { createMainWindow } = await import('../../../src-main/electron/window');
    createMainWindow();
    vi.unstubAllEnvs();
  });

  /** Whether the guard for `event` stops a navigation to `url`. */
  const blocks = (event: string, url: string): boolean => {
    const preventDefault = vi.fn();
    guards.get(event)?.({ url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])(
    'blocks %s away from the renderer, also to a look-alike origin',
    (event) => {
      expect(guards.has(event)).toBe(true);
      expect(blocks(event, 'https://evil.example/')).toBe(true);
      expect(blocks(event, 'http://localhost:5173.evil.example/')).toBe(true);
      expect(blocks(event, 'file:///etc/passwd')).toBe(true);
      expect(blocks(event, 'http://localhost:5173/people')).toBe(false);
    },
  );
});
