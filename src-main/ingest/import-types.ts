/** What the user asked to import. */
export interface ImportInput {
  folders: string[];
  labelsFromFolders: boolean;
  /** Find and embed faces as photos are added (default true); false imports photos only. */
  indexFaces?: boolean;
}

export interface DuplicateFile {
  path: string;
  /** The path of the photo whose content this file repeats. */
  of: string;
}

export interface FileFailure {
  path: string;
  error: string;
}

/** The import's outcome, in the CLI's JSON shape. */
export interface ImportSummary {
  photos: { added: number; skipped: number; failed: number };
  faces: number;
  duplicates: DuplicateFile[];
  errors: FileFailure[];
  cancelled: boolean;
}

export type ImportPhase = 'scanning' | 'importing' | 'finishing';
