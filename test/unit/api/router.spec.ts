import { describe, expect, it, vi } from 'vitest';
import type { CommandHandlers } from '../../../src-main/api/router';
import { createRouter } from '../../../src-main/api/router';
import { ApiError } from '../../../src-main/api/errors';
import { UserError } from '../../../src-main/util/errors';

function fakeHandlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  const unused = (): never => {
    throw new Error('not called in this test');
  };
  return {
    'app.info': unused,
    'catalog.stats': () => ({ photos: 1, faces: 2, people: 3, backend: 'none' }),
    'photos.list': unused,
    'photos.get': unused,
    'import.start': unused,
    'import.errors': unused,
    'photos.faces': unused,
    'faces.list': unused,
    'models.list': unused,
    'models.embedders': unused,
    'models.use': unused,
    'models.import': unused,
    'models.export': unused,
    'models.evaluate': unused,
    'models.report': unused,
    'models.suggest': unused,
    'index.start': unused,
    'settings.get': unused,
    'settings.update': unused,
    'jobs.list': unused,
    'jobs.cancel': unused,
    'jobs.resume': unused,
    'people.list': unused,
    'people.faces': unused,
    'people.get': unused,
    'people.cover': unused,
    'people.lookalikes': unused,
    'people.rename': unused,
    'people.hide': unused,
    'people.delete': unused,
    'people.merge': unused,
    'labels.assign': unused,
    'labels.confirm': unused,
    'labels.reject': unused,
    'labels.undo': unused,
    'labels.redo': unused,
    'faces.dismiss': unused,
    'faces.draw': unused,
    'clusters.list': unused,
    'review.queue': unused,
    'clusters.recluster': unused,
    'clusters.name': unused,
    'search.face': unused,
    'search.person': unused,
    'search.photo': unused,
    'search.calibration': unused,
    'runs.start': unused,
    'runs.list': unused,
    'runs.get': unused,
    'runs.metrics': unused,
    'runs.preview': unused,
    'runs.report': unused,
    'runs.log': unused,
    'runs.checkpoints': unused,
    'runs.stop': unused,
    'runs.resume': unused,
    'projection.map': unused,
    'projection.runFaces': unused,
    'projection.export': unused,
    'features.layers': unused,
    'features.activations': unused,
    'features.saliency': unused,
    ...overrides,
  };
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof ApiError ? `${error.code}:${error.status}` : 'other';
  }
};

describe('API router', () => {
  it('dispatches a valid command', async () => {
    await expect(createRouter(fakeHandlers()).invoke('catalog.stats', {})).resolves.toMatchObject({
      photos: 1,
    });
  });

  it('fills defaults before the handler sees the input', async () => {
    const start = vi.fn(() => ({ jobId: 7 }));
    await createRouter(fakeHandlers({ 'import.start': start })).invoke('import.start', { folders: ['/a'] });
    expect(start).toHaveBeenCalledWith({ folders: ['/a'], labelsFromFolders: false, indexFaces: true });
  });

  it('rejects unknown commands, inherited names and invalid input without calling a handler', async () => {
    const get = vi.fn();
    const router = createRouter(fakeHandlers({ 'photos.get': get }));
    expect(await codeOf(router.invoke('nope', {}))).toBe('unknown-command:404');
    expect(await codeOf(router.invoke('toString', {}))).toBe('unknown-command:404');
    expect(await codeOf(router.invoke('__proto__', {}))).toBe('unknown-command:404');
    expect(await codeOf(router.invoke('photos.get', { id: 'x' }))).toBe('invalid-input:400');
    expect(await codeOf(router.invoke('photos.get', { id: 1, more: 1 }))).toBe('invalid-input:400');
    expect(await codeOf(router.invoke('photos.get', null))).toBe('invalid-input:400');
    expect(get).not.toHaveBeenCalled();
  });

  it('maps user errors to their code and anything else to internal', async () => {
    const router = createRouter(
      fakeHandlers({
        'photos.get': () => {
          throw new UserError('no photo 9', 'not-found');
        },
        'jobs.list': () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect(await codeOf(router.invoke('photos.get', { id: 9 }))).toBe('not-found:404');
    expect(await codeOf(router.invoke('jobs.list', {}))).toBe('internal:500');
  });
});
