// The WAT of the activations the fused cells apply, tanh and sigmoid, in float32 (f32x4), for gemm-wat.mjs.
// tanh is the rational approximation Eigen uses for float (generic_fast_tanh_float, as TensorFlow's CPU
// kernels do): clamp to ±7.905…, x·p(x²)/q(x²) with p of degree 6 and q of degree 3 in x², x itself for
// |x| < 0.0004; within 3.5e-7 of tanh. sigmoid(x) = 0.5·tanh(0.5·x) + 0.5 (within 2.3e-7).
// Every lane does the same float32 operations in the same order as the JS reference
// (src/network/activations.ts, tanhF32 and sigmoidF32, rounding each operation with Math.fround),
// so the results are bit-identical to it; the vector loop and the scalar tail share one template.

/** Eigen's coefficients (Eigen/src/Core/MathFunctionsImpl.h), highest degree first. */
export const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08, 1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03];
export const TANH_Q = [1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03];
export const TANH_CLAMP = 7.90531110763549805;
export const TANH_TINY = 0.0004;

const f32 = (v) => Math.fround(v).toPrecision(17);
const V = {
  c: (v) => `(v128.const f32x4 ${f32(v)} ${f32(v)} ${f32(v)} ${f32(v)})`,
  add: (a, b) => `(f32x4.add ${a} ${b})`, mul: (a, b) => `(f32x4.mul ${a} ${b})`, div: (a, b) => `(f32x4.div ${a} ${b})`,
  min: (a, b) => `(f32x4.min ${a} ${b})`, max: (a, b) => `(f32x4.max ${a} ${b})`,
  tiny: (x) => `(f32x4.lt (f32x4.abs ${x}) ${V.c(TANH_TINY)})`,
  select: (yes, no, m) => `(v128.bitselect ${yes} ${no} ${m})`,
  load: (p, off) => `(v128.load offset=${off} ${p})`, store: (p, off, x) => `(v128.store offset=${off} ${p} ${x})`,
  type: 'v128', width: 4,
};
const S = {
  c: (v) => `(f32.const ${f32(v)})`,
  add: (a, b) => `(f32.add ${a} ${b})`, mul: (a, b) => `(f32.mul ${a} ${b})`, div: (a, b) => `(f32.div ${a} ${b})`,
  min: (a, b) => `(f32.min ${a} ${b})`, max: (a, b) => `(f32.max ${a} ${b})`,
  tiny: (x) => `(f32.lt (f32.abs ${x}) ${S.c(TANH_TINY)})`,
  select: (yes, no, m) => `(select ${yes} ${no} ${m})`,
  load: (p, off) => `(f32.load offset=${off} ${p})`, store: (p, off, x) => `(f32.store offset=${off} ${p} ${x})`,
  type: 'f32', width: 1,
};

/** Statements setting local `${r}` to tanh(local `${x}`); temporaries `${r}c`, `${r}2`, `${r}p`, `${r}q`. */
function tanhInto(o, x, r) {
  const get = (n) => `(local.get ${n})`;
  const lines = [
    `(local.set ${r}c ${o.max(o.min(get(x), o.c(TANH_CLAMP)), o.c(-TANH_CLAMP))})`,
    `(local.set ${r}2 ${o.mul(get(`${r}c`), get(`${r}c`))})`,
    `(local.set ${r}p ${o.add(o.mul(get(`${r}2`), o.c(TANH_P[0])), o.c(TANH_P[1]))})`,
  ];
  for (const c of TANH_P.slice(2)) lines.push(`(local.set ${r}p ${o.add(o.mul(get(`${r}p`), get(`${r}2`)), o.c(c))})`);
  lines.push(`(local.set ${r}p ${o.mul(get(`${r}p`), get(`${r}c`))})`);
  lines.push(`(local.set ${r}q ${o.add(o.mul(get(`${r}2`), o.c(TANH_Q[0])), o.c(TANH_Q[1]))})`);
  for (const c of TANH_Q.slice(2)) lines.push(`(local.set ${r}q ${o.add(o.mul(get(`${r}q`), get(`${r}2`)), o.c(c))})`);
  lines.push(`(local.set ${r} ${o.select(get(x), o.div(get(`${r}p`), get(`${r}q`)), o.tiny(get(x)))})`);
  return lines;
}

/**
 * y[i] = f(a[i]) for i < n: two vectors (8 values) per iteration, interleaved so the divisions'
 * latencies overlap, then single vectors, then scalars. `sigmoid` wraps tanh in 0.5·tanh(0.5·a) + 0.5.
 */
function activationLoop(name, sigmoid) {
  const groups = ['$a', '$b'];
  const locals = (o, g) => {
    const s = o === S ? 's' : '';
    return [`${g}${s}`, ...['', 'c', '2', 'p', 'q'].map((t) => `${g}r${s}${t}`)].map((n) => `(local ${n} ${o.type})`);
  };
  const body = (o, gs, off) => {
    const sfx = o === S ? 's' : '';
    const lines = [];
    gs.forEach((g, k) => {
      const v = o.load('(i32.add (local.get $pa) (local.get $o))', off + 16 * k);
      lines.push(`(local.set ${g}${sfx} ${sigmoid ? o.mul(o.c(0.5), v) : v})`);
    });
    const per = gs.map((g) => tanhInto(o, `${g}${sfx}`, `${g}r${sfx}`));
    for (let i = 0; i < per[0].length; i++) for (const p of per) lines.push(p[i]);
    gs.forEach((g, k) => {
      const r = `(local.get ${g}r${sfx})`;
      lines.push(o.store('(i32.add (local.get $py) (local.get $o))', off + 16 * k, sigmoid ? o.add(o.mul(o.c(0.5), r), o.c(0.5)) : r));
    });
    return lines.map((l) => `        ${l}`).join('\n');
  };
  return `  (func $${name} (export "${name}") (param $n i32) (param $pa i32) (param $py i32)
    (local $i i32) (local $o i32) ${[...locals(V, '$a'), ...locals(V, '$b'), ...locals(S, '$a')].join(' ')}
    (block $pairs (loop $pair
      (br_if $pairs (i32.gt_s (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
${body(V, groups, 0)}
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $pair)))
    (block $vecs (loop $vec
      (br_if $vecs (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
${body(V, ['$a'], 0)}
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (block $done (loop $one
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
${body(S, ['$a'], 0)}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $one))))`;
}

export function activationsWat() {
  return [
    '  ;; y = tanh(a) in float32 (Eigen\'s rational approximation, see scripts/activations-f32-wat.mjs)',
    activationLoop('tanh', false),
    '',
    '  ;; y = 0.5·tanh(0.5·a) + 0.5 in float32',
    activationLoop('sigmoid', true),
    '',
    '  ;; y[r, j] = f(a[r, j]) for r < rows, j < n, rows ld apart; code 1 tanh, 2 sigmoid (activations.ts\'s codes)',
    `  (func (export "activateRows") (param $code i32) (param $rows i32) (param $n i32) (param $a i32) (param $y i32) (param $ld i32)
    (local $r i32) (local $o i32)
    (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
    (block $done (loop $row
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $o (i32.mul (local.get $r) (local.get $ld)))
      (if (i32.eq (local.get $code) (i32.const 1))
        (then (call $tanh (local.get $n) (i32.add (local.get $a) (local.get $o)) (i32.add (local.get $y) (local.get $o))))
        (else (call $sigmoid (local.get $n) (i32.add (local.get $a) (local.get $o)) (i32.add (local.get $y) (local.get $o)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))`,
  ].join('\n');
}
