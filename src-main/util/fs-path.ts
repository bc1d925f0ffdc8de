/**
 * File paths as the catalog stores them. Linux file names are bytes, not text: a name written by an old
 * Latin-1 system (`caf\xe9.jpg`) is not valid UTF-8, and Node's string paths replace such bytes with U+FFFD,
 * so the file could never be opened again. The catalog stores paths as TEXT, so each path gets a stored form
 * that is lossless and stable:
 *
 * - a path that is valid UTF-8 is stored as itself, as it always was (existing catalogs stay valid);
 * - in a path component that is not, each byte that is not part of a valid UTF-8 character is written as
 *   U+FFFD followed by two uppercase hex digits (`caf\uFFFDE9.jpg`), and so is each byte of a literal U+FFFD,
 *   so that the escape marker itself is unambiguous.
 *
 * A stored component is read back as escapes only when re-escaping the bytes it stands for yields exactly
 * the same text. The one kind of valid name that would read as escapes (it holds U+FFFD + hex that spells
 * an invalid byte) is escaped as well, so the mapping stays one-to-one; such names do not occur in practice.
 */

const marker = '\uFFFD';
const markerBytes = Buffer.from(marker, 'utf8');
const separator = 0x2f; // '/': never part of a name, never escaped
const escaped = /\uFFFD([0-9A-F]{2})/g;

/** The stored form of a path read from the file system as bytes (e.g. `readdir(dir, { encoding: 'buffer' })`). */
export function toStoredPath(bytes: Uint8Array): string {
  return splitBytes(bytes).map(storeComponent).join('/');
}

/**
 * The path to hand to `fs` (or sharp, via its bytes) for a stored path: the string itself for an ordinary
 * path, its original bytes for one that held names that are not UTF-8.
 */
export function toFsPath(stored: string): string | Buffer {
  const components = stored.split('/');
  if (!components.some(isEscaped)) return stored;
  return Buffer.concat(
    components.flatMap((component, i) => {
      const bytes = isEscaped(component) ? unescape(component) : Buffer.from(component, 'utf8');
      return i === 0 ? [bytes] : [Buffer.of(separator), bytes];
    }),
  );
}

/** A stored path as people read it: bytes that are not UTF-8 shown as U+FFFD (lossy; never reopen it). */
export function displayPath(stored: string): string {
  const fsPath = toFsPath(stored);
  return typeof fsPath === 'string' ? fsPath : fsPath.toString('utf8');
}

function storeComponent(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  const ordinary = Buffer.from(text, 'utf8').equals(bytes) && !isEscaped(text);
  return ordinary ? text : escapeComponent(bytes);
}

/** True when a stored component is the escaped form of some bytes (see the module comment). */
function isEscaped(component: string): boolean {
  if (!component.includes(marker)) return false;
  if (component.replace(escaped, '').includes(marker)) return false;
  return escapeComponent(unescape(component)) === component;
}

/** Bytes to text: valid UTF-8 characters as themselves, all other bytes (and U+FFFD's) as marker + hex. */
function escapeComponent(bytes: Buffer): string {
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    const sequence = bytes.subarray(i, i + Math.max(length, 1));
    if (length > 0 && !sequence.equals(markerBytes)) text += sequence.toString('utf8');
    else for (const byte of sequence) text += marker + byte.toString(16).toUpperCase().padStart(2, '0');
    i += sequence.length;
  }
  return text;
}

function unescape(component: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of component.matchAll(escaped)) {
    parts.push(Buffer.from(component.slice(last, match.index), 'utf8'));
    parts.push(Buffer.of(parseInt(match[1] ?? '', 16)));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(component.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * The length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
 */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0;
  }
  return length;
}

function splitBytes(bytes: Uint8Array): Buffer[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i === buffer.length || buffer[i] === separator) {
      parts.push(buffer.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}
