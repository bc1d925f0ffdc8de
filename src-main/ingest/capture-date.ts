import exifr from 'exifr';

/**
 * The photo's capture date from EXIF (DateTimeOriginal, else CreateDate) as ISO 8601, or null. Missing or
 * broken EXIF is normal and never an import error.
 */
export async function readCaptureDate(bytes: Buffer): Promise<string | null> {
  try {
    const tags = (await exifr.parse(bytes, { pick: ['DateTimeOriginal', 'CreateDate'] })) as
      | { DateTimeOriginal?: unknown; CreateDate?: unknown }
      | undefined;
    const value = tags?.DateTimeOriginal ?? tags?.CreateDate;
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
  } catch {
    return null;
  }
}
