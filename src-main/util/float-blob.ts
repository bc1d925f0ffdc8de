/**
 * A stored float32 blob as its own Float32Array (copied out: a Buffer's offset into its memory need not
 * be a multiple of 4, which a Float32Array view requires).
 */
export function floatsOf(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
