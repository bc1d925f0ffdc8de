import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, shell } from 'electron';
import { rendererUrlTest } from './renderer-url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The main window with locked-down webPreferences: context isolation, sandbox, no Node integration. It
 * never navigates away from the renderer and opens no new windows (links go to the system browser).
 */
export function createMainWindow(): { window: BrowserWindow; isRendererUrl: (url: string) => boolean } {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'FaceAtlas',
    backgroundColor: '#111317',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const devServer = process.env.ELECTRON_RENDERER_URL;
  const rendererFile = path.join(here, '../renderer/index.html');
  const isRendererUrl = rendererUrlTest({ devServer, rendererFile });

  // Every way a page leaves the renderer is stopped: a link or `location` change (will-navigate), a
  // server redirect of an allowed navigation (will-redirect), and the same from any subframe, such as an
  // injected iframe (will-frame-navigate). Programmatic loads (loadURL/loadFile) are ours and not seen.
  window.webContents.on('will-navigate', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  window.webContents.on('will-frame-navigate', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(rendererFile);
  return { window, isRendererUrl };
}
