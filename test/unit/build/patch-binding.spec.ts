import { describe, expect, it } from 'vitest';
import { PATCH_MARKER, patchBindingSource } from '../../../build/native/patch-binding';

// Cut-down shapes of tfjs-node 4.22's and 2.7.0's tfjs_backend.cc (the real files are patched by setup).
const source422 = `#include "tensorflow/c/eager/c_api.h"
#include "tensorflow/core/platform/ctstring_internal.h"

// Creates a TFE_TensorHandle from a JS array of Uint8Array values.
TFE_TensorHandle *CreateTFE_TensorHandleFromStringArray(
    napi_env env, int64_t *shape, uint32_t shape_length, TF_DataType dtype,
    napi_value array_value) {
  TF_TString *t = nullptr; // "}" in a string: "{"
  if (t) { TF_TString_Init(t); }
  return nullptr;
}

void CopyTFE_TensorHandleDataToStringArray(napi_env env, TFE_Context *tfe_context) {
  TF_TString *ts = nullptr; /* } */
}

void TFJSBackend::DeleteTensor(napi_env env, napi_value tensor_id_value) {
  auto tensor_entry = tfe_handle_map_.find(tensor_id);

  TFE_TensorHandle *tensor_handle = tensor_entry->second;
  if (TFE_TensorHandleDataType(tensor_handle) == TF_STRING) {
    TF_TString *data = reinterpret_cast<TF_TString *>(TF_TensorData(tensor.tensor));

    // Deallocate each string
    for (size_t i = 0; i < num_elements; i++) {
      TF_TString_Dealloc(data + i);
    }
  };
  TFE_DeleteTensorHandle(tensor_entry->second);
}
`;
const source270 = `TFE_TensorHandle *CreateTFE_TensorHandleFromStringArray(
    napi_env env, int64_t *shape, uint32_t shape_length, TF_DataType dtype,
    napi_value array_value) {
  size_t encoded = TF_StringEncode(src, len, dst, dst_len, status);
  return nullptr;
}

void CopyTFE_TensorHandleDataToStringArray(napi_env env, TFE_Context *tfe_context) {
  TF_StringDecode(start, limit - start, &str_ptr, &str_len, status.status);
}
`;

describe('patchBindingSource', () => {
  it("takes 2.7.0's string functions and drops the TF_TString include and dealloc loop", () => {
    const patched = patchBindingSource(source422, source270);
    expect(patched.startsWith(PATCH_MARKER)).toBe(true);
    expect(patched).not.toContain('TF_TString');
    expect(patched).not.toContain('ctstring_internal.h');
    expect(patched).toContain('TF_StringEncode(src, len, dst, dst_len, status);');
    expect(patched).toContain('TF_StringDecode(start');
    expect(patched).toContain('#include "tensorflow/c/eager/c_api.h"');
    expect(patched).toContain('  TFE_DeleteTensorHandle(tensor_entry->second);\n}');
  });

  it('leaves a patched source alone and refuses a source of another shape', () => {
    const patched = patchBindingSource(source422, source270);
    expect(patchBindingSource(patched, source270)).toBe(patched);
    expect(() =>
      patchBindingSource(source422.replace(/#include "tensorflow\/core[^\n]*\n/, ''), source270),
    ).toThrow(/include not found/);
    expect(() => patchBindingSource(source422, 'void Other() {}')).toThrow(/no definition of/);
  });
});
