// WAT text → wasm bytes with wabt (SIMD on; threads for the shared memory). Shared by build-wasm.mjs and the test that checks
// the embedded bytes are up to date.
import wabtInit from 'wabt';

const SHARED = ' 65536 shared))';

export async function compileGemmWat(text) {
  const wabt = await wabtInit();
  // wabt 1.0.39's validator refuses shared memories whatever the features (V8 accepts them): validate
  // the module with an unshared memory, then encode the real text, which differs only in that import.
  const check = wabt.parseWat('gemm.wat', text.replace(SHARED, '))'), { simd: true, threads: true });
  try {
    check.validate();
  } finally {
    check.destroy();
  }
  const mod = wabt.parseWat('gemm.wat', text, { simd: true, threads: true });
  try {
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}
