import type { SettingsRepository } from '../catalog/settings.repository';
import { faceSettingsSchema, type FaceSettings, type FaceSettingsUpdate } from './face-settings';

const facesKey = 'faces';

/** Reads and changes the catalog's face settings; what is stored is always re-validated on read. */
export class SettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  /** The current face settings: stored values over the defaults (a stored value that no longer validates is dropped). */
  faces(): FaceSettings {
    const parsed = faceSettingsSchema.safeParse(this.settings.get(facesKey) ?? {});
    return parsed.success ? parsed.data : faceSettingsSchema.parse({});
  }

  /** Applies a change and returns the result. Indexing uses it from the next photo on; `index --all` redoes the rest. */
  updateFaces(change: FaceSettingsUpdate): FaceSettings {
    const next = faceSettingsSchema.parse({ ...this.faces(), ...change });
    this.settings.set(facesKey, next);
    return next;
  }
}
