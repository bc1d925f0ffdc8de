import exifr from 'exifr';

/** sharp hands the EXIF block with its APP1 "Exif\0\0" prefix; exifr reads the TIFF structure after it. */
const exifPrefix = Buffer.from('Exif\0\0', 'latin1');

/**
 * The photo's capture date from its EXIF block (DateTimeOriginal, else CreateDate) as ISO 8601, or null.
 * Missing or broken EXIF is normal and never an import error.
 */
export async function readCaptureDate(exif: Buffer | undefined): Promise<string | null> {
  if (!exif) return null;
  try {
    const tiff = exif.subarray(0, 6).equals(exifPrefix) ? exif.subarray(6) : exif;
    const tags = (await exifr.parse(tiff, { pick: ['DateTimeOriginal', 'CreateDate'] })) as
      { DateTimeOriginal?: unknown; CreateDate?: unknown } | undefined;
    const value = tags?.DateTimeOriginal ?? tags?.CreateDate;
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
  } catch {
    return null;
  }
}
