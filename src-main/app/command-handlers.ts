import type { CommandHandlers } from '../api/router';
import type { Container } from './container';
import { appVersion } from './version';

/** Every API command, mapped onto the services. One line each: the logic lives in the services. */
export function buildCommandHandlers(app: Container): CommandHandlers {
  return {
    'app.info': () => ({
      version: appVersion,
      catalogDir: app.options.catalogDir,
      shell: app.options.shell === 'electron' ? 'electron' : 'host',
      backend: app.library.stats().backend,
    }),
    'catalog.stats': () => app.library.stats(),
    'photos.list': ({ offset, limit }) => app.library.listPhotos(offset, limit),
    'photos.get': ({ id }) => app.library.getPhoto(id),
    'import.start': (input) => ({ jobId: app.imports.start(input) }),
    'import.errors': ({ limit }) => app.library.fileErrorList(limit),
    'photos.faces': ({ id }) => app.library.photoFaces(id),
    'faces.list': ({ offset, limit }) => app.library.listFaces(offset, limit),
    'models.list': () => app.library.listModels(),
    'models.embedders': () => app.modelRegistry.list(),
    'models.use': ({ id }) => app.modelRegistry.use(id),
    'models.import': ({ folder, ...options }) => app.modelRegistry.import(folder, options),
    'models.export': ({ id, folder }) => app.modelRegistry.export(id, folder),
    'models.evaluate': ({ id, against }) => app.modelRegistry.evaluate(id, against ?? null),
    'models.report': ({ id }) => app.modelRegistry.report(id),
    'models.suggest': ({ id, minProbability, limit }) => app.modelRegistry.suggest(id, minProbability, limit),
    'index.start': ({ all }) => ({ jobId: app.indexing.start(all) }),
    'settings.get': () => app.settings.faces(),
    'settings.update': (change) => app.settings.updateFaces(change),
    'jobs.list': () => app.jobs.list(),
    'jobs.cancel': ({ id }) => {
      app.jobs.cancel(id);
      return { ok: true };
    },
    'jobs.resume': ({ id }) => {
      app.jobs.resume(id);
      return { ok: true };
    },
    'people.list': () => app.peopleViews.people(),
    'people.faces': ({ person, confirmedOnly }) =>
      app.peopleViews.faces({ ...(person === undefined ? {} : { person }), confirmedOnly }),
    'people.get': ({ id }) => app.peopleViews.person(id),
    'people.cover': ({ id, face }) => app.labeling.setCover(id, face),
    'people.lookalikes': ({ limit }) => app.peopleViews.lookalikes(limit),
    'people.rename': ({ id, name }) => app.labeling.rename(id, name),
    'people.hide': ({ id, hidden }) => app.labeling.hide(id, hidden),
    'people.delete': ({ id }) => app.labeling.deletePerson(id),
    'people.merge': ({ from, into }) => app.labeling.merge(from, into),
    'labels.assign': ({ faces, name }) => app.labeling.assign(faces, name),
    'labels.confirm': ({ faces }) => app.labeling.confirm(faces),
    'labels.reject': ({ faces, name }) => app.labeling.reject(faces, name),
    'labels.undo': () => app.stepLabels('undo'),
    'labels.redo': () => app.stepLabels('redo'),
    'faces.dismiss': ({ faces, dismissed }) => app.labeling.dismiss(faces, dismissed),
    'faces.draw': ({ photoId, box, name }) => app.drawFace(photoId, box, name),
    'clusters.list': ({ offset, limit }) => app.peopleViews.clusters(offset, limit),
    'review.queue': ({ limit }) => app.peopleViews.review(limit),
    'clusters.recluster': () => app.clustering.recluster(),
    'clusters.name': ({ cluster, name, exclude, faces }) =>
      app.labeling.nameCluster(cluster, name, { exclude, ...(faces ? { shown: faces } : {}) }),
    'search.face': ({ face, ...options }) => app.search.byFace(face, options),
    'search.person': ({ name, ...options }) => app.search.byPerson(name, options),
    'search.photo': ({ bytes, ...options }) => app.search.byPhoto(Buffer.from(bytes, 'base64'), options),
    'search.calibration': (request) => app.search.calibration(request),
    'runs.start': ({ config }) => app.training.start(config),
    'runs.list': () => app.training.list(),
    'runs.get': ({ id }) => app.training.get(id),
    'runs.metrics': ({ id, afterStep, maxPoints }) => app.runDashboard.metrics(id, afterStep, maxPoints),
    'runs.preview': ({ config }) => app.runDashboard.preview(config),
    'runs.report': ({ id }) => app.runDashboard.report(id),
    'runs.log': ({ id }) => app.runDashboard.log(id),
    'runs.checkpoints': ({ id }) => app.runDashboard.checkpoints(id),
    'runs.stop': ({ id }) => {
      app.training.stop(id);
      return { ok: true };
    },
    'runs.resume': ({ id }) => app.training.resume(id),
    'projection.map': (request) => app.projections.map(request),
    'projection.runFaces': ({ run }) => app.projections.runFaces(run),
    'projection.export': ({ folder, format, model }) => app.projections.export(folder, format, model),
    'features.layers': ({ model }) => app.featureMaps.layers(model),
    'features.activations': (request) => app.featureMaps.activations(request),
    'features.saliency': (request) => app.featureMaps.saliency(request),
  };
}
