import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { CalibrationView, FaceSearchResult, PersonSearchResult } from '../../../src-main/api/contract';
import { invoke } from '../api/client';

/** A search takes photos up to 50 MB; larger ones are refused here, before they are read. */
export const maxPhotoBytes = 50 * 1024 * 1024;

/** The photo's bytes as base64 (what `search.photo` takes: the renderer sends bytes, never a path). */
async function toBase64(file: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(',') + 1);
}

/** Filters on the results, as typed: an empty field is no filter. Dates are YYYY-MM-DD (date inputs). */
export interface SearchFilterFields {
  person: string;
  from: string;
  to: string;
  folder: string;
}

/** The filters the API takes: the fields filled in, trimmed (an empty string would fail its validation). */
function filterOptions(fields: SearchFilterFields): Partial<SearchFilterFields> {
  const options: Partial<SearchFilterFields> = {};
  for (const key of ['person', 'from', 'to', 'folder'] as const) {
    const value = fields[key].trim();
    if (value) options[key] = value;
  }
  return options;
}

/**
 * The search view's state: the last search by photo or by person, the filters on its results, and the
 * calibration behind the threshold (for the FAR/FRR chart). A newer search wins over a slower earlier one.
 */
export const useSearchStore = defineStore('search', () => {
  const mode = ref<'photo' | 'person'>('photo');
  const photo = shallowRef<FaceSearchResult | null>(null);
  const photoName = ref<string | null>(null);
  const person = shallowRef<PersonSearchResult | null>(null);
  const calibration = shallowRef<CalibrationView | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const filters = reactive<SearchFilterFields>({ person: '', from: '', to: '', folder: '' });
  // What was searched last, so that changed filters can search it again (a photo is sent again: the
  // backend keeps nothing of it).
  let lastFile: File | null = null;
  let lastName: string | null = null;
  let request = 0;

  async function run<T>(work: () => Promise<T>, done: (value: T) => void): Promise<void> {
    const mine = ++request;
    busy.value = true;
    error.value = null;
    try {
      const value = await work();
      if (mine === request) done(value);
    } catch (caught) {
      if (mine === request) error.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      if (mine === request) busy.value = false;
    }
  }

  async function searchPhoto(file: File): Promise<void> {
    mode.value = 'photo';
    lastFile = file;
    photoName.value = file.name;
    // Another photo's answers must not stand under this one's name while it is searched.
    photo.value = null;
    if (file.size > maxPhotoBytes) {
      error.value = 'too-large';
      return;
    }
    await run(
      async () => invoke('search.photo', { bytes: await toBase64(file), top: 24, ...filterOptions(filters) }),
      (value) => (photo.value = value),
    );
  }

  async function searchPerson(name: string): Promise<void> {
    mode.value = 'person';
    lastName = name;
    // A person search lists that person's photos: the person filter is for the look-alikes of a photo.
    const options = filterOptions(filters);
    delete options.person;
    await run(
      () => invoke('search.person', { name, ...options }),
      (value) => (person.value = value),
    );
  }

  /** Searches the shown search again under the current filters (nothing to do before a first search). */
  async function refilter(): Promise<void> {
    if (mode.value === 'photo' && lastFile) await searchPhoto(lastFile);
    else if (mode.value === 'person' && lastName !== null) await searchPerson(lastName);
  }

  async function loadCalibration(): Promise<void> {
    calibration.value = await invoke('search.calibration', {});
  }

  return {
    mode,
    photo,
    photoName,
    person,
    calibration,
    busy,
    error,
    filters,
    searchPhoto,
    searchPerson,
    refilter,
    loadCalibration,
  };
});
