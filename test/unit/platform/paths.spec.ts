import { describe, expect, it } from 'vitest';
import { defaultCatalogDir } from '../../../src-main/platform/paths';

describe("the default catalog folder (Electron's userData for FaceAtlas)", () => {
  it('follows XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultCatalogDir('linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/u')).toBe('/x/cfg/FaceAtlas');
    expect(defaultCatalogDir('linux', {}, '/home/u')).toBe('/home/u/.config/FaceAtlas');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored, as Electron does.
    expect(defaultCatalogDir('linux', { XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe(
      '/home/u/.config/FaceAtlas',
    );
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultCatalogDir('darwin', {}, '/Users/u')).toBe(
      '/Users/u/Library/Application Support/FaceAtlas',
    );
    expect(defaultCatalogDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\FaceAtlas',
    );
  });
});
