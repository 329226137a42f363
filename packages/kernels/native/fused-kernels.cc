// The fused engine's three matrix products in native code: AVX-512 with fused multiply-add, on the
// float32 arrays of a network's (shared) WASM memory, for the "native" kernels (docs/engines.md).
// Built by `npm run setup-native` (packages/kernels/scripts/build-native.mjs) with g++; optional:
// without it, or on a CPU without AVX-512, the WASM kernels run.
//
// The order of every sum is fixed and independent of the vector width and of the thread count:
// products accumulate term by term, each term one fused multiply-add (one rounding), over k (and b)
// in ascending order; vectors only span independent outputs. The dot products of mulAccTransB keep
// 16 partial sums (term j into sum j mod 16), added in a fixed tree. So the bits are a function of
// the inputs alone; they differ from the WASM kernels' (a multiply and an add, two roundings).
#include <node_api.h>
#include <immintrin.h>
#include <cmath>
#include <cstdint>

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,fma")

namespace {

// out[r, j] += Σ_i x[r, i] · w[i, j]  (x rows lda apart, w rows ldb apart, out rows ldc apart)
template <int MR, int NV>
inline void mulAccTile(int K, const float* x, int lda, const float* w, int ldb, float* out, int ldc, __mmask16 last) {
  __m512 acc[MR][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < MR; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++)
      acc[r][v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, out + r * ldc + 16 * v) : _mm512_loadu_ps(out + r * ldc + 16 * v);
  for (int k = 0; k < K; k++) {
    __m512 wv[NV];
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++)
      wv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, w + k * ldb + 16 * v) : _mm512_loadu_ps(w + k * ldb + 16 * v);
    _Pragma("GCC unroll 16") for (int r = 0; r < MR; r++) {
      const __m512 xv = _mm512_set1_ps(x[r * lda + k]);
      _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(xv, wv[v], acc[r][v]);
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < MR; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++) {
      if (v == NV - 1) _mm512_mask_storeu_ps(out + r * ldc + 16 * v, last, acc[r][v]);
      else _mm512_storeu_ps(out + r * ldc + 16 * v, acc[r][v]);
    }
}

// dw[k, j] += Σ_b x[b, k] · d[b, j]
template <int KR, int NV>
inline void transATile(int B, const float* x, int lda, const float* d, int ldb, float* dw, int ldc, __mmask16 last) {
  __m512 acc[KR][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < KR; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++)
      acc[r][v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, dw + r * ldc + 16 * v) : _mm512_loadu_ps(dw + r * ldc + 16 * v);
  for (int b = 0; b < B; b++) {
    __m512 dv[NV];
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++)
      dv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, d + b * ldb + 16 * v) : _mm512_loadu_ps(d + b * ldb + 16 * v);
    _Pragma("GCC unroll 16") for (int r = 0; r < KR; r++) {
      const __m512 xv = _mm512_set1_ps(x[b * lda + r]);
      _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(xv, dv[v], acc[r][v]);
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < KR; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++) {
      if (v == NV - 1) _mm512_mask_storeu_ps(dw + r * ldc + 16 * v, last, acc[r][v]);
      else _mm512_storeu_ps(dw + r * ldc + 16 * v, acc[r][v]);
    }
}

// The 16 partial sums' total, in a fixed tree: lanes l + (l + 8), then + 4, + 2, + 1.
inline float total16(__m512 s) {
  __m256 h = _mm256_add_ps(_mm512_castps512_ps256(s), _mm512_extractf32x8_ps(s, 1));
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  __m128 p = _mm_add_ps(q, _mm_movehl_ps(q, q));
  __m128 o = _mm_add_ss(p, _mm_shuffle_ps(p, p, 1));
  return _mm_cvtss_f32(o);
}

// dx[b, k] += Σ_j d[b, j] · w[k, j]: 16 partial sums over the first 16⌊n/16⌋ terms, then the rest in order.
template <int BR, int KR>
inline void transBTile(int n, const float* d, int lda, const float* w, int ldb, float* dx, int ldc) {
  __m512 acc[BR][KR];
  _Pragma("GCC unroll 16") for (int b = 0; b < BR; b++)
    _Pragma("GCC unroll 16") for (int k = 0; k < KR; k++) acc[b][k] = _mm512_setzero_ps();
  const int n16 = n & ~15;
  for (int j = 0; j < n16; j += 16) {
    __m512 wv[KR];
    _Pragma("GCC unroll 16") for (int k = 0; k < KR; k++) wv[k] = _mm512_loadu_ps(w + k * ldb + j);
    _Pragma("GCC unroll 16") for (int b = 0; b < BR; b++) {
      const __m512 dv = _mm512_loadu_ps(d + b * lda + j);
      _Pragma("GCC unroll 16") for (int k = 0; k < KR; k++) acc[b][k] = _mm512_fmadd_ps(dv, wv[k], acc[b][k]);
    }
  }
  _Pragma("GCC unroll 16") for (int b = 0; b < BR; b++)
    _Pragma("GCC unroll 16") for (int k = 0; k < KR; k++) {
      float s = total16(acc[b][k]);
      for (int j = n16; j < n; j++) s = std::fma(d[b * lda + j], w[k * ldb + j], s);
      dx[b * ldc + k] += s;
    }
}

using TileFn = void (*)(int, const float*, int, const float*, int, float*, int, __mmask16);
using TransBFn = void (*)(int, const float*, int, const float*, int, float*, int);

// Every tile shape up to the largest (rows × 16-float vectors): its accumulators and operand vectors
// fit the 32 AVX-512 registers. Edges take the smaller shapes.
constexpr int MR = 8, NV = 3, KR = 6, NVA = 4, BR = 4, KB = 4;
const TileFn mulAccTiles[8][3] = {
  {mulAccTile<1, 1>, mulAccTile<1, 2>, mulAccTile<1, 3>},
  {mulAccTile<2, 1>, mulAccTile<2, 2>, mulAccTile<2, 3>},
  {mulAccTile<3, 1>, mulAccTile<3, 2>, mulAccTile<3, 3>},
  {mulAccTile<4, 1>, mulAccTile<4, 2>, mulAccTile<4, 3>},
  {mulAccTile<5, 1>, mulAccTile<5, 2>, mulAccTile<5, 3>},
  {mulAccTile<6, 1>, mulAccTile<6, 2>, mulAccTile<6, 3>},
  {mulAccTile<7, 1>, mulAccTile<7, 2>, mulAccTile<7, 3>},
  {mulAccTile<8, 1>, mulAccTile<8, 2>, mulAccTile<8, 3>}};
const TileFn transATiles[6][4] = {
  {transATile<1, 1>, transATile<1, 2>, transATile<1, 3>, transATile<1, 4>},
  {transATile<2, 1>, transATile<2, 2>, transATile<2, 3>, transATile<2, 4>},
  {transATile<3, 1>, transATile<3, 2>, transATile<3, 3>, transATile<3, 4>},
  {transATile<4, 1>, transATile<4, 2>, transATile<4, 3>, transATile<4, 4>},
  {transATile<5, 1>, transATile<5, 2>, transATile<5, 3>, transATile<5, 4>},
  {transATile<6, 1>, transATile<6, 2>, transATile<6, 3>, transATile<6, 4>}};
const TransBFn transBTiles[4][4] = {
  {transBTile<1, 1>, transBTile<1, 2>, transBTile<1, 3>, transBTile<1, 4>},
  {transBTile<2, 1>, transBTile<2, 2>, transBTile<2, 3>, transBTile<2, 4>},
  {transBTile<3, 1>, transBTile<3, 2>, transBTile<3, 3>, transBTile<3, 4>},
  {transBTile<4, 1>, transBTile<4, 2>, transBTile<4, 3>, transBTile<4, 4>}};

inline __mmask16 lastMask(int cols) { const int rem = cols & 15; return rem == 0 ? 0xFFFF : (__mmask16)((1u << rem) - 1); }

// Tiles of up to MR rows × 16·NV columns; every output's sum still runs over k (b) in order.
void mulAcc(int rows, int inner, int n, const float* x, int lda, const float* w, int ldb, float* out, int ldc) {
  for (int r = 0; r < rows; r += MR) {
    const int mr = rows - r < MR ? rows - r : MR;
    for (int j = 0; j < n; j += 16 * NV) {
      const int cols = n - j < 16 * NV ? n - j : 16 * NV;
      mulAccTiles[mr - 1][(cols + 15) / 16 - 1](inner, x + r * lda, lda, w + j, ldb, out + r * ldc + j, ldc, lastMask(cols));
    }
  }
}

void mulAccTransA(int rows, int inner, int n, const float* x, int lda, const float* d, int ldb, float* dw, int ldc) {
  for (int k = 0; k < inner; k += KR) {
    const int kr = inner - k < KR ? inner - k : KR;
    for (int j = 0; j < n; j += 16 * NVA) {
      const int cols = n - j < 16 * NVA ? n - j : 16 * NVA;
      transATiles[kr - 1][(cols + 15) / 16 - 1](rows, x + k, lda, d + j, ldb, dw + k * ldc + j, ldc, lastMask(cols));
    }
  }
}

void mulAccTransB(int rows, int inner, int n, const float* d, int lda, const float* w, int ldb, float* dx, int ldc) {
  for (int b = 0; b < rows; b += BR) {
    const int br = rows - b < BR ? rows - b : BR;
    for (int k = 0; k < inner; k += KB) {
      const int kr = inner - k < KB ? inner - k : KB;
      transBTiles[br - 1][kr - 1](n, d + b * lda, lda, w + k * ldb, ldb, dx + b * ldc + k, ldc);
    }
  }
}

}  // namespace
#pragma GCC pop_options

namespace {

using Product = void (*)(int, int, int, const float*, int, const float*, int, float*, int);

// (memory, rows, inner, n, a, lda, b, ldb, c, ldc): memory a Uint8Array over the whole WASM memory,
// a, b, c byte offsets into it, ld* in elements (the WASM exports' signature after the memory).
template <Product P>
napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 10) { napi_throw_type_error(env, nullptr, "expected (memory, rows, inner, n, a, lda, b, ldb, c, ldc)"); return nullptr; }
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr) != napi_ok || data == nullptr) {
    napi_throw_type_error(env, nullptr, "expected a typed array over the memory");
    return nullptr;
  }
  int32_t v[9];
  for (int i = 0; i < 9; i++) napi_get_value_int32(env, argv[i + 1], &v[i]);
  uint8_t* base = static_cast<uint8_t*>(data);
  P(v[0], v[1], v[2], reinterpret_cast<const float*>(base + v[3]), v[4], reinterpret_cast<const float*>(base + v[5]), v[6],
    reinterpret_cast<float*>(base + v[7]), v[8]);
  return nullptr;
}

napi_value supported(napi_env env, napi_callback_info) {
  __builtin_cpu_init();
  napi_value result;
  napi_get_boolean(env, __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma"), &result);
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  const napi_property_descriptor props[] = {
    {"supported", nullptr, supported, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"mulAcc", nullptr, call<mulAcc>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"mulAccTransA", nullptr, call<mulAccTransA>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
    {"mulAccTransB", nullptr, call<mulAccTransB>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
