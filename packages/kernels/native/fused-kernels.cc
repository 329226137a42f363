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
#include <cstring>

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,fma")

namespace {

// out[r, j] += Σ_t A(r, t) · m[t, j] with A(r, t) = a[r·sr + t·st]: both x·w (A = x, sr = lda,
// st = 1) and xᵀ·d (A = xᵀ, sr = 1, st = lda), as gemm.wat's $acc. R rows × V 16-float vectors of
// outputs stay in registers over the whole sum; `last` masks the columns of the last vector.
template <int R, int V>
inline void accTile(int terms, const float* a, int sr, int st, const float* m, int ldm, float* out, int ldo, __mmask16 last) {
  __m512 acc[R][V];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++)
      acc[r][v] = v == V - 1 ? _mm512_maskz_loadu_ps(last, out + r * ldo + 16 * v) : _mm512_loadu_ps(out + r * ldo + 16 * v);
  for (int t = 0; t < terms; t++) {
    __m512 mv[V];
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++)
      mv[v] = v == V - 1 ? _mm512_maskz_loadu_ps(last, m + t * ldm + 16 * v) : _mm512_loadu_ps(m + t * ldm + 16 * v);
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
      const __m512 av = _mm512_set1_ps(a[r * sr + t * st]);
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(av, mv[v], acc[r][v]);
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) {
      if (v == V - 1) _mm512_mask_storeu_ps(out + r * ldo + 16 * v, last, acc[r][v]);
      else _mm512_storeu_ps(out + r * ldo + 16 * v, acc[r][v]);
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

using TileFn = void (*)(int, const float*, int, int, const float*, int, float*, int, __mmask16);
using TransBFn = void (*)(int, const float*, int, const float*, int, float*, int);

// Every tile shape up to the largest (rows × 16-float vectors): its accumulators and operand vectors
// fit the 32 AVX-512 registers. Edges take the smaller shapes.
constexpr int MR = 8, NV = 3, KR = 6, NVA = 4, BR = 4, KB = 4;
const TileFn mulAccTiles[8][3] = {
  {accTile<1, 1>, accTile<1, 2>, accTile<1, 3>},
  {accTile<2, 1>, accTile<2, 2>, accTile<2, 3>},
  {accTile<3, 1>, accTile<3, 2>, accTile<3, 3>},
  {accTile<4, 1>, accTile<4, 2>, accTile<4, 3>},
  {accTile<5, 1>, accTile<5, 2>, accTile<5, 3>},
  {accTile<6, 1>, accTile<6, 2>, accTile<6, 3>},
  {accTile<7, 1>, accTile<7, 2>, accTile<7, 3>},
  {accTile<8, 1>, accTile<8, 2>, accTile<8, 3>}};
const TileFn transATiles[6][4] = {
  {accTile<1, 1>, accTile<1, 2>, accTile<1, 3>, accTile<1, 4>},
  {accTile<2, 1>, accTile<2, 2>, accTile<2, 3>, accTile<2, 4>},
  {accTile<3, 1>, accTile<3, 2>, accTile<3, 3>, accTile<3, 4>},
  {accTile<4, 1>, accTile<4, 2>, accTile<4, 3>, accTile<4, 4>},
  {accTile<5, 1>, accTile<5, 2>, accTile<5, 3>, accTile<5, 4>},
  {accTile<6, 1>, accTile<6, 2>, accTile<6, 3>, accTile<6, 4>}};
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
      mulAccTiles[mr - 1][(cols + 15) / 16 - 1](inner, x + r * lda, lda, 1, w + j, ldb, out + r * ldc + j, ldc, lastMask(cols));
    }
  }
}

void mulAccTransA(int rows, int inner, int n, const float* x, int lda, const float* d, int ldb, float* dw, int ldc) {
  for (int k = 0; k < inner; k += KR) {
    const int kr = inner - k < KR ? inner - k : KR;
    for (int j = 0; j < n; j += 16 * NVA) {
      const int cols = n - j < 16 * NVA ? n - j : 16 * NVA;
      transATiles[kr - 1][(cols + 15) / 16 - 1](rows, x + k, 1, lda, d + j, ldb, dw + k * ldc + j, ldc, lastMask(cols));
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


// ---- Elementwise steps: the WASM kernels' operations (scripts/activations-f32-wat.mjs, cells-wat.mjs)
// in the same order, each lane independent, so the bits equal the WASM ones exactly; only wider.

// Eigen's float tanh (clamp, x·p(x²)/q(x²), x itself below 0.0004), every operation in float32.
constexpr float TANH_CLAMP = 7.90531110763549805f, TANH_TINY = 0.0004f;
constexpr float TP[7] = {-2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f, 5.12229709037114e-08f,
                         1.48572235717979e-05f, 6.37261928875436e-04f, 4.89352455891786e-03f};
constexpr float TQ[4] = {1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f, 4.89352518554385e-03f};

inline float tanhF32(float x) {
  float c = TANH_CLAMP < x ? TANH_CLAMP : x;  // a NaN stays NaN, as f32x4.min/max keep it
  c = c < -TANH_CLAMP ? -TANH_CLAMP : c;
  const float x2 = c * c;
  float p = x2 * TP[0] + TP[1];
  for (int i = 2; i < 7; i++) p = p * x2 + TP[i];
  p = p * c;
  float q = x2 * TQ[0] + TQ[1];
  for (int i = 2; i < 4; i++) q = q * x2 + TQ[i];
  const float r = p / q;
  return std::fabs(x) < TANH_TINY ? x : r;
}

void tanhRow(int n, const float* a, float* y) {
  for (int i = 0; i < n; i++) y[i] = tanhF32(a[i]);
}
void sigmoidRow(int n, const float* a, float* y) {
  for (int i = 0; i < n; i++) y[i] = 0.5f * tanhF32(0.5f * a[i]) + 0.5f;
}

// code 1 tanh, 2 sigmoid; rows ld (elements) apart in both a and y.
void activateRows(int code, int rows, int n, float* a, float* y, int ld) {
  for (int r = 0; r < rows; r++) (code == 1 ? tanhRow : sigmoidRow)(n, a + r * ld, y + r * ld);
}

inline double ld(const float* p) { return static_cast<double>(*p); }
inline double rnd(double x) { return static_cast<double>(static_cast<float>(x)); }

// LSTM, gates i, f, c, o in y ([B][4U]); c[t+1] = f∘c[t] + i∘g
void lstmState(int B, int U, const float* __restrict y, const float* __restrict cp, float* __restrict c) {
  for (int b = 0; b < B; b++) {
    const float* yb = y + b * 4 * U;
    for (int j = 0; j < U; j++) c[b * U + j] = static_cast<float>(ld(yb + U + j) * ld(cp + b * U + j) + ld(yb + j) * ld(yb + 2 * U + j));
  }
}
// h = o∘tanh(c)
void lstmOut(int B, int U, const float* __restrict y, const float* __restrict tc, float* __restrict h) {
  for (int b = 0; b < B; b++)
    for (int j = 0; j < U; j++) h[b * U + j] = static_cast<float>(ld(y + b * 4 * U + 3 * U + j) * ld(tc + b * U + j));
}
void lstmBack(int B, int U, const float* __restrict y, const float* __restrict cp, const float* __restrict tc, const float* __restrict dh, float* __restrict dc, float* __restrict dA) {
  for (int b = 0; b < B; b++) {
    const float* yb = y + b * 4 * U;
    float* db = dA + b * 4 * U;
    for (int j = 0; j < U; j++) {
      const int k = b * U + j;
      const double gi = ld(yb + j), gf = ld(yb + U + j), gg = ld(yb + 2 * U + j), go = ld(yb + 3 * U + j);
      const double dhv = ld(dh + k), v = ld(tc + k);
      const double d = ld(dc + k) + rnd(rnd(dhv * go) * (1.0 - v * v));
      db[j] = static_cast<float>(rnd(d * gg) * (gi * (1.0 - gi)));
      db[U + j] = static_cast<float>(rnd(d * ld(cp + k)) * (gf * (1.0 - gf)));
      db[2 * U + j] = static_cast<float>(rnd(d * gi) * (1.0 - gg * gg));
      db[3 * U + j] = static_cast<float>(rnd(dhv * v) * (go * (1.0 - go)));
      dc[k] = static_cast<float>(d * gf);
    }
  }
}

// GRU, gates z, r, h in y ([B][3U]); rh = r∘hp
void gruReset(int B, int U, const float* __restrict y, const float* __restrict hp, float* __restrict rh) {
  for (int b = 0; b < B; b++)
    for (int j = 0; j < U; j++) rh[b * U + j] = static_cast<float>(ld(y + b * 3 * U + U + j) * ld(hp + b * U + j));
}
// h = z∘hp + (1 − z)∘hh
void gruOut(int B, int U, const float* __restrict y, const float* __restrict hp, float* __restrict h) {
  for (int b = 0; b < B; b++) {
    const float* yb = y + b * 3 * U;
    for (int j = 0; j < U; j++) {
      const double z = ld(yb + j);
      h[b * U + j] = static_cast<float>(z * ld(hp + b * U + j) + (1.0 - z) * ld(yb + 2 * U + j));
    }
  }
}
void gruBack(int B, int U, const float* __restrict y, const float* __restrict hp, const float* __restrict dh, float* __restrict dA, float* __restrict dhp) {
  for (int b = 0; b < B; b++) {
    const float* yb = y + b * 3 * U;
    float* db = dA + b * 3 * U;
    for (int j = 0; j < U; j++) {
      const int k = b * U + j;
      const double z = ld(yb + j), hh = ld(yb + 2 * U + j), d = ld(dh + k);
      db[j] = static_cast<float>(rnd(d * (ld(hp + k) - hh)) * (z * (1.0 - z)));
      db[2 * U + j] = static_cast<float>(rnd(d * (1.0 - z)) * (1.0 - hh * hh));
      dhp[k] = static_cast<float>(d * z);
    }
  }
}
void gruBackReset(int B, int U, const float* __restrict y, const float* __restrict hp, const float* __restrict tmp, float* __restrict dA, float* __restrict dhp) {
  for (int b = 0; b < B; b++) {
    const float* yb = y + b * 3 * U;
    float* db = dA + b * 3 * U;
    for (int j = 0; j < U; j++) {
      const int k = b * U + j;
      const double r = ld(yb + U + j), d = ld(tmp + k);
      db[U + j] = static_cast<float>(rnd(d * ld(hp + k)) * (r * (1.0 - r)));
      dhp[k] = static_cast<float>(ld(dhp + k) + d * r);
    }
  }
}

// dst[r, ·] = src[r, ·] (lds = 0 repeats one row): a copy, the same bits as WASM's copyRows.
void copyRows(int rows, int n, const float* src, int lds, float* dst, int ldd) {
  for (int r = 0; r < rows; r++) std::memcpy(dst + r * ldd, src + r * lds, sizeof(float) * n);
}

// out[i] = a[i] + b[i] in float32 (as the JS sum of two float32 values stored to a Float32Array).
void addF32(int n, const float* __restrict a, const float* __restrict b, float* __restrict out) {
  for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
}

// The Adam update as gemm.wat's adam: float64 arithmetic on float32 loads, m and v stored rounded,
// the parameter moved with the unrounded moments.
void adam(int n, float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v,
          double lr, double b1, double b2, double c1, double c2, double eps) {
  const double k1 = 1.0 - b1, k2 = 1.0 - b2;
  for (int i = 0; i < n; i++) {
    const double gi = g[i];
    const double mi = static_cast<double>(m[i]) * b1 + gi * k1;
    const double vi = static_cast<double>(v[i]) * b2 + (gi * gi) * k2;
    m[i] = static_cast<float>(mi);
    v[i] = static_cast<float>(vi);
    p[i] = static_cast<float>(static_cast<double>(p[i]) - (lr * (mi / c1)) / (std::sqrt(vi / c2) + eps));
  }
}

}  // namespace
#pragma GCC pop_options

namespace {

// Every export takes (memory, ints…, doubles…): memory a typed array over the whole WASM memory,
// the ints sizes, strides (in elements) and byte offsets into it, as the WASM exports take them.
inline float* at(uint8_t* base, int32_t off) { return reinterpret_cast<float*>(base + off); }

bool args(napi_env env, napi_callback_info info, size_t ints, uint8_t** base, int32_t* v, size_t doubles = 0, double* d = nullptr) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void* data = nullptr;
  if (argc < 1 + ints + doubles || napi_get_typedarray_info(env, argv[0], nullptr, nullptr, &data, nullptr, nullptr) != napi_ok || data == nullptr) {
    napi_throw_type_error(env, nullptr, "expected (memory, …sizes and byte offsets)");
    return false;
  }
  for (size_t i = 0; i < ints; i++) napi_get_value_int32(env, argv[1 + i], &v[i]);
  for (size_t i = 0; i < doubles; i++) napi_get_value_double(env, argv[1 + ints + i], &d[i]);
  *base = static_cast<uint8_t*>(data);
  return true;
}

#define EXPORT(name, count, body)                                        \
  napi_value name##Call(napi_env env, napi_callback_info info) {         \
    uint8_t* m;                                                          \
    int32_t v[count];                                                    \
    if (args(env, info, count, &m, v)) body;                             \
    return nullptr;                                                      \
  }

// (rows, inner, n, a, lda, b, ldb, c, ldc)
EXPORT(mulAcc, 9, mulAcc(v[0], v[1], v[2], at(m, v[3]), v[4], at(m, v[5]), v[6], at(m, v[7]), v[8]))
EXPORT(mulAccTransA, 9, mulAccTransA(v[0], v[1], v[2], at(m, v[3]), v[4], at(m, v[5]), v[6], at(m, v[7]), v[8]))
EXPORT(mulAccTransB, 9, mulAccTransB(v[0], v[1], v[2], at(m, v[3]), v[4], at(m, v[5]), v[6], at(m, v[7]), v[8]))
EXPORT(tanh, 3, tanhRow(v[0], at(m, v[1]), at(m, v[2])))
EXPORT(sigmoid, 3, sigmoidRow(v[0], at(m, v[1]), at(m, v[2])))
EXPORT(activateRows, 6, activateRows(v[0], v[1], v[2], at(m, v[3]), at(m, v[4]), v[5]))
EXPORT(lstmState, 5, lstmState(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4])))
EXPORT(lstmOut, 5, lstmOut(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4])))
EXPORT(lstmBack, 8, lstmBack(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4]), at(m, v[5]), at(m, v[6]), at(m, v[7])))
EXPORT(gruReset, 5, gruReset(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4])))
EXPORT(gruOut, 5, gruOut(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4])))
EXPORT(gruBack, 7, gruBack(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4]), at(m, v[5]), at(m, v[6])))
EXPORT(gruBackReset, 7, gruBackReset(v[0], v[1], at(m, v[2]), at(m, v[3]), at(m, v[4]), at(m, v[5]), at(m, v[6])))
EXPORT(copyRows, 6, copyRows(v[0], v[1], at(m, v[2]), v[3], at(m, v[4]), v[5]))
EXPORT(addF32, 4, addF32(v[0], at(m, v[1]), at(m, v[2]), at(m, v[3])))

// (n, p, g, m, v, then lr, b1, b2, c1, c2, eps as doubles)
napi_value adamCall(napi_env env, napi_callback_info info) {
  uint8_t* m;
  int32_t v[5];
  double d[6];
  if (args(env, info, 5, &m, v, 6, d)) adam(v[0], at(m, v[1]), at(m, v[2]), at(m, v[3]), at(m, v[4]), d[0], d[1], d[2], d[3], d[4], d[5]);
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
#define PROP(name) {#name, nullptr, name##Call, nullptr, nullptr, nullptr, napi_enumerable, nullptr}
    PROP(mulAcc), PROP(mulAccTransA), PROP(mulAccTransB), PROP(tanh), PROP(sigmoid), PROP(activateRows), PROP(lstmState), PROP(lstmOut), PROP(lstmBack),
    PROP(gruReset), PROP(gruOut), PROP(gruBack), PROP(gruBackReset), PROP(copyRows), PROP(addF32), PROP(adam),
#undef PROP
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
