import type { ClusterSettings } from '../people/cluster.service';
import { defaultSuggestionParams } from '../people/suggestions';
import type { FaceSettings } from '../settings/face-settings';

/** The catalog's settings as clustering takes them (the suggestion rule keeps its defaults for now). */
export function clusterSettings(settings: FaceSettings): ClusterSettings {
  return {
    cluster: { threshold: settings.clusterThreshold, minSize: settings.clusterMinSize },
    suggestions: defaultSuggestionParams,
  };
}
