/**
 * A 64-bit hash (as 16 hex digits) of ids and every vector bit: two 32-bit multiply-xor lanes. Not
 * cryptographic; it only has to notice that the catalog's faces differ from the indexed ones.
 */
export function fingerprint(ids: Int32Array, vectors: Float32Array): string {
  const bits = new Uint32Array(vectors.buffer, vectors.byteOffset, vectors.length);
  let a = 0x811c9dc5 ^ ids.length;
  let b = 0x9e3779b9 ^ vectors.length;
  for (let i = 0; i < ids.length; i++) a = Math.imul(a ^ ids[i]!, 0x01000193);
  for (let i = 0; i < bits.length; i++) {
    b = Math.imul(b ^ bits[i]!, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return hex(a) + hex(b);
}

function hex(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
