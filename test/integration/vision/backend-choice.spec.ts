import { describe, expect, it } from 'vitest';
import { probeBackend } from '../../../src-main/vision/backend-probe.js';
import { nativeProvisioned, notProvisionedNote, poolOn } from './backends.js';

// A forced backend runs or fails with its reason: never a silent fall back to another one.
describe('FACEATLAS_BACKEND', () => {
  it.each(['tensorflow-gpu', 'tensorflow', 'wasm'] as const)(
    '%s runs where provisioned, else is a fatal error',
    async (name) => {
      const provisioned = name === 'wasm' || probeBackend('') === name;
      if (!provisioned) {
        console.log(`${name}: ${notProvisionedNote}; checking that forcing it fails`);
        await expect(poolOn(name)).rejects.toThrow(`FACEATLAS_BACKEND=${name} could not be loaded`);
        return;
      }
      const pool = await poolOn(name);
      try {
        expect(pool.backend).toBe(name);
      } finally {
        await pool.dispose();
      }
    },
  );

  it('the automatic choice is the native backend where it is provisioned', async () => {
    if (!nativeProvisioned) console.log(`automatic choice: ${notProvisionedNote}; expecting wasm`);
    const pool = await poolOn('');
    try {
      expect(pool.backend).toBe(probeBackend(''));
      expect(pool.backend).toBe(nativeProvisioned ? probeBackend('') : 'wasm');
    } finally {
      await pool.dispose();
    }
  });
});
