/**
 * Netpbm (PGM/PPM) decoding. sharp/libvips cannot read these, and the ORL face set ships as PGM, so we parse
 * the P2/P3 (ASCII) and P5/P6 (binary) variants ourselves and hand sharp raw pixels.
 */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

const netpbmMagic = /^P[2356]$/;

/** True when the bytes start with a P2, P3, P5 or P6 header. */
export function isNetpbm(bytes: Uint8Array): boolean {
  if (bytes.length < 3) return false;
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  return netpbmMagic.test(magic) && isWhitespace(bytes[2] ?? 0);
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

/** Reads whitespace-separated ASCII tokens, skipping `#` comments, starting at `offset`. */
class TokenReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  next(): number {
    const { bytes } = this;
    for (;;) {
      while (this.offset < bytes.length && isWhitespace(bytes[this.offset] ?? 0)) this.offset++;
      if (bytes[this.offset] !== 0x23) break; // '#': comment to end of line
      while (this.offset < bytes.length && bytes[this.offset] !== 0x0a) this.offset++;
    }
    const start = this.offset;
    while (this.offset < bytes.length && !isWhitespace(bytes[this.offset] ?? 0)) this.offset++;
    if (start === this.offset) throw new Error('netpbm: file ends inside the header or pixel data');
    const text = Buffer.from(bytes.subarray(start, this.offset)).toString('latin1');
    if (!/^\d+$/.test(text)) throw new Error(`netpbm: expected a number, found "${text.slice(0, 16)}"`);
    return Number(text);
  }
}

/** Decodes a P2/P3/P5/P6 image to 8-bit raw pixels (16-bit samples are scaled down). */
export function decodeNetpbm(bytes: Uint8Array, maxPixels: number): RawImage {
  if (!isNetpbm(bytes)) throw new Error('netpbm: not a P2, P3, P5 or P6 file');
  const kind = bytes[1] === 0x32 || bytes[1] === 0x35 ? 'gray' : 'rgb';
  const binary = bytes[1] === 0x35 || bytes[1] === 0x36;
  const channels = kind === 'gray' ? 1 : 3;
  const reader = new TokenReader(bytes, 2);
  const width = reader.next();
  const height = reader.next();
  const maxval = reader.next();
  if (width < 1 || height < 1) throw new Error(`netpbm: invalid size ${width}x${height}`);
  if (width * height > maxPixels) {
    throw new Error(`image is ${width}x${height}, over the limit of ${Math.round(maxPixels / 1e6)} MP`);
  }
  if (maxval < 1 || maxval > 65535) throw new Error(`netpbm: invalid maxval ${maxval}`);
  const samples = width * height * channels;
  // The header's claim is checked against the bytes actually there before the raster is allocated: a
  // 20-byte file claiming 16383x16383 RGB must not reserve 805 MB.
  const bytesPerSample = binary && maxval > 255 ? 2 : 1;
  // Exactly one whitespace byte separates a binary header from its raster; ASCII samples take at least a
  // digit each and a separator between them.
  const start = reader.offset + 1;
  const needed = binary ? samples * bytesPerSample : 2 * samples - 1;
  const available = Math.max(0, bytes.length - start);
  if (available < needed) {
    throw new Error(
      binary
        ? `netpbm: truncated: ${available} of ${needed} pixel bytes`
        : `netpbm: file ends inside the pixel data: ${available} bytes cannot hold ${samples} ASCII samples`,
    );
  }
  const data = Buffer.alloc(samples);
  const scale = 255 / maxval;
  if (binary) {
    for (let i = 0; i < samples; i++) {
      const value =
        bytesPerSample === 1
          ? (bytes[start + i] ?? 0)
          : ((bytes[start + 2 * i] ?? 0) << 8) | (bytes[start + 2 * i + 1] ?? 0);
      data[i] = Math.min(255, Math.round(value * scale));
    }
  } else {
    for (let i = 0; i < samples; i++) data[i] = Math.min(255, Math.round(reader.next() * scale));
  }
  return { data, width, height, channels };
}
