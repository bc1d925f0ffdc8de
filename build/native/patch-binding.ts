// Adapts tfjs-node 4.22's binding source to the libtensorflow 1.15 C API.
//
// The 4.22 binding stores string tensors as TF_TString (the C API of TF >= 2.4); libtensorflow 1.15 stores
// them as offsets followed by TF_StringEncode'd bytes. Only the string-tensor code differs: the two
// functions that convert between JS Uint8Arrays and string tensors are replaced by tfjs-node 2.7.0's
// versions (written for that layout, taken from the same archive as the library), the TF_TString header
// goes, and so does DeleteTensor's TF_TString_Dealloc loop (1.15 owns the bytes of its string tensors).
import fs from 'node:fs';

/** Marks a patched file, so that a second run leaves it alone. */
export const PATCH_MARKER = '// FaceAtlas: string tensors patched for libtensorflow 1.15 (build/native).';

const STRING_FUNCTIONS = [
  'CreateTFE_TensorHandleFromStringArray',
  'CopyTFE_TensorHandleDataToStringArray',
] as const;
const TSTRING_INCLUDE = '#include "tensorflow/core/platform/ctstring_internal.h"\n';
// DeleteTensor's TF_STRING branch, up to its stray `};`.
const DEALLOC_LOOP =
  /\n[ \t]*TFE_TensorHandle \*tensor_handle = tensor_entry->second;\n[ \t]*if \(TFE_TensorHandleDataType\(tensor_handle\) == TF_STRING\) \{[\s\S]*?TF_TString_Dealloc\(data \+ i\);\n[ \t]*\}\n[ \t]*\};/;

/** Index just past the brace that closes the one at `open`, skipping comments, strings and chars. */
function closingBrace(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i);
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 1;
    else if (c === '"' || c === "'") {
      for (i++; source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new Error('patch-binding: unbalanced braces');
}

/** [start, end) of a function definition: from the start of the line naming it to its closing brace. */
function functionSpan(source: string, name: string): [number, number] {
  const definition = new RegExp(`^[^\\n;]*\\b${name}\\([^;{]*\\{`, 'm').exec(source);
  if (!definition) throw new Error(`patch-binding: no definition of ${name}`);
  return [definition.index, closingBrace(source, definition.index + definition[0].length - 1)];
}

/**
 * The 4.22 source rewritten for libtensorflow 1.15, given 2.7.0's source as the donor of the string
 * functions. Throws when either file does not have the expected shape (a different tfjs-node version).
 */
export function patchBindingSource(source422: string, source270: string): string {
  if (source422.includes(PATCH_MARKER)) return source422;
  let patched = source422;
  for (const name of STRING_FUNCTIONS) {
    const [start, end] = functionSpan(patched, name);
    const [donorStart, donorEnd] = functionSpan(source270, name);
    patched = patched.slice(0, start) + source270.slice(donorStart, donorEnd) + patched.slice(end);
  }
  if (!patched.includes(TSTRING_INCLUDE)) throw new Error('patch-binding: TF_TString include not found');
  patched = patched.replace(TSTRING_INCLUDE, '');
  if (!DEALLOC_LOOP.test(patched)) throw new Error('patch-binding: DeleteTensor string branch not found');
  patched = patched.replace(DEALLOC_LOOP, '');
  if (/TF_TString/.test(patched)) throw new Error('patch-binding: TF_TString still used after patching');
  return `${PATCH_MARKER}\n${patched}`;
}

/** Patches `file` in place with the string functions of `donorFile`; returns false when already patched. */
export function patchBindingFile(file: string, donorFile: string): boolean {
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(PATCH_MARKER)) return false;
  fs.writeFileSync(file, patchBindingSource(source, fs.readFileSync(donorFile, 'utf8')));
  return true;
}
