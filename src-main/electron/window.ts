import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, shell } from 'electron';

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
  const isRendererUrl = (url: string): boolean =>
    devServer
      ? url.startsWith(devServer)
      : url.startsWith('file://') && fileURLToPath(url.split('#')[0] ?? '') === rendererFile;

  window.webContents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url)) event.preventDefault();
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
