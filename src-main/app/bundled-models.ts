import type { Db } from '../catalog/db';
import type { ModelRepository } from '../catalog/model.repository';
import type { IndexModels } from '../faces/face-store';
import { bundledModels } from '../vision/models';

/** The bundled networks are catalog models like trained ones; faces and embeddings refer to them. */
export function registerBundledModels(db: Db, models: ModelRepository): IndexModels {
  const ids = new Map<string, number>();
  // IMMEDIATE, as every transaction that reads before it writes: see catalog/db.ts.
  db.transaction(() => {
    for (const model of bundledModels()) {
      ids.set(model.name, models.register({ ...model, origin: 'bundled' }));
    }
  }).immediate();
  const id = (name: string): number => ids.get(name) as number;
  return {
    detectors: { ssd: id('ssd-mobilenetv1'), tiny: id('tiny-face-detector') },
    embedder: id('dlib-resnet-128'),
  };
}
