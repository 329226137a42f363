// WAT text → wasm bytes with wabt (SIMD on). Shared by build-wasm.mjs and the test that checks
// the embedded bytes are up to date.
import wabtInit from 'wabt';

export async function compileGemmWat(text) {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('gemm.wat', text, { simd: true });
  try {
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}
