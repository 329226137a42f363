// The WAT of the activations the fused cells apply, tanh and sigmoid, for gemm-wat.mjs: bit-identical to
// Math.tanh and 1 / (1 + Math.exp(−a)), because V8 computes those with fdlibm's algorithms, which these
// repeat on two lanes: the same reductions, polynomials and operations in the same order. Where fdlibm
// branches, every branch the lane's range can reach is computed and each lane selects its own.
// The loops run two vectors (four values) per iteration with the two computations interleaved, so
// their long dependency chains (polynomial, division) overlap; tests compare them with Math on 200k inputs.
//
// fdlibm: Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
// Permission to use, copy, modify, and distribute this software is freely granted,
// provided that this notice is preserved.

/** Independent computations interleaved per loop iteration (each two lanes): their latencies overlap. */
const GROUPS = ['a', 'b', 'c', 'd'];

const ABS = '(v128.const i64x2 0x7FFFFFFFFFFFFFFF 0x7FFFFFFFFFFFFFFF)';

/**
 * exp(x) for 2⁻²⁸ ≤ |x| < 512 (e_exp.c): x = k·ln2 + r (hi/lo); lanes with |x| ≤ 0.5·ln2 take k = 0,
 * hi = x, lo = 0, which yields exactly fdlibm's k = 0 formula; |x| < 2⁻²⁸ is 1 + x; exp(1) is E.
 */
const EXP = {
  locals: ['$hx', '$big', '$ki', '$t', '$hi', '$lo', '$r', '$rr', '$c', '$y'],
  body: `(local.set $hx (i64x2.shr_u (v128.and (local.get $x) (v128.const i64x2 0x7FFFFFFFFFFFFFFF 0x7FFFFFFFFFFFFFFF)) (i32.const 32)))
;; |x| > 0.5·ln2: k = (int)(invln2·x ± 0.5), hi = x − k·ln2HI (exact), lo = k·ln2LO; else k = 0
(local.set $big (i64x2.gt_s (local.get $hx) (v128.const i64x2 0x3FD62E42 0x3FD62E42)))
(local.set $ki (i32x4.trunc_sat_f64x2_s_zero (f64x2.add
  (f64x2.mul (v128.const f64x2 1.44269504088896338700e+00 1.44269504088896338700e+00) (local.get $x))
  (v128.or (v128.const f64x2 0.5 0.5) (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
(local.set $t (v128.and (f64x2.convert_low_i32x4_s (local.get $ki)) (local.get $big)))
(local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))))
(local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10)))
(local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
(local.set $rr (f64x2.mul (local.get $r) (local.get $r)))
(local.set $c (f64x2.sub (local.get $r) (f64x2.mul (local.get $rr)
  (f64x2.add (v128.const f64x2 1.66666666666666019037e-01 1.66666666666666019037e-01) (f64x2.mul (local.get $rr)
  (f64x2.add (v128.const f64x2 -2.77777777770155933842e-03 -2.77777777770155933842e-03) (f64x2.mul (local.get $rr)
  (f64x2.add (v128.const f64x2 6.61375632143793436117e-05 6.61375632143793436117e-05) (f64x2.mul (local.get $rr)
  (f64x2.add (v128.const f64x2 -1.65339022054652515390e-06 -1.65339022054652515390e-06) (f64x2.mul (local.get $rr)
    (v128.const f64x2 4.13813679705723846039e-08 4.13813679705723846039e-08))))))))))))
;; y = 1 − ((lo − r·c/(2 − c)) − hi), scaled by 2^k
(local.set $y (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (f64x2.sub (local.get $lo)
  (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (v128.const f64x2 2 2) (local.get $c)))) (local.get $hi))))
(local.set $y (f64x2.mul (local.get $y) (i64x2.shl (i64x2.add (v128.and (i64x2.extend_low_i32x4_s (local.get $ki)) (local.get $big))
  (v128.const i64x2 1023 1023)) (i32.const 52))))
(local.set $y (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (local.get $x)) (local.get $y)
  (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3E300000 0x3E300000))))
(local.set $x (v128.bitselect (v128.const f64x2 2.718281828459045 2.718281828459045) (local.get $y)
  (f64x2.eq (local.get $x) (v128.const f64x2 1 1))))`,
};

/**
 * expm1(u) (s_expm1.c) for the arguments tanh gives it: u = 2|x| ≥ 2 (k ≥ 3) or u = −2|x| ∈ (−2, 0)
 * (k ∈ 0, −1, −2, −3); the branches for k = 1 and for |u| ≥ 56·ln2 with u < 0 are never reached.
 */
const EXPM1 = `(local.set $big (i64x2.gt_s (i64x2.shr_u (v128.and (local.get $u) (v128.const i64x2 0x7FFFFFFFFFFFFFFF 0x7FFFFFFFFFFFFFFF)) (i32.const 32)) (v128.const i64x2 0x3FD62E42 0x3FD62E42)))
(local.set $ki (i32x4.trunc_sat_f64x2_s_zero (f64x2.add (f64x2.mul (v128.const f64x2 1.44269504088896338700e+00 1.44269504088896338700e+00) (local.get $u))
  (v128.or (v128.const f64x2 0.5 0.5) (v128.and (local.get $u) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
(local.set $k (v128.and (i64x2.extend_low_i32x4_s (local.get $ki)) (local.get $big)))
(local.set $t (v128.and (f64x2.convert_low_i32x4_s (local.get $ki)) (local.get $big)))
(local.set $hi (f64x2.sub (local.get $u) (f64x2.mul (local.get $t) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))))
(local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10)))
(local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
(local.set $c (f64x2.sub (f64x2.sub (local.get $hi) (local.get $r)) (local.get $lo)))
(local.set $hfx (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $r)))
(local.set $hxs (f64x2.mul (local.get $r) (local.get $hfx)))
(local.set $r1 (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $hxs)
  (f64x2.add (v128.const f64x2 -3.33333333333331316428e-02 -3.33333333333331316428e-02) (f64x2.mul (local.get $hxs)
  (f64x2.add (v128.const f64x2 1.58730158725481460165e-03 1.58730158725481460165e-03) (f64x2.mul (local.get $hxs)
  (f64x2.add (v128.const f64x2 -7.93650757867487942473e-05 -7.93650757867487942473e-05) (f64x2.mul (local.get $hxs)
  (f64x2.add (v128.const f64x2 4.00821782732936239552e-06 4.00821782732936239552e-06) (f64x2.mul (local.get $hxs) (v128.const f64x2 -2.01099218183624371326e-07 -2.01099218183624371326e-07))))))))))))
(local.set $t (f64x2.sub (v128.const f64x2 3 3) (f64x2.mul (local.get $r1) (local.get $hfx))))
(local.set $e (f64x2.mul (local.get $hxs) (f64x2.div (f64x2.sub (local.get $r1) (local.get $t))
  (f64x2.sub (v128.const f64x2 6 6) (f64x2.mul (local.get $r) (local.get $t))))))
;; k = 0: r − (r·e − hxs)
(local.set $y (f64x2.sub (local.get $r) (f64x2.sub (f64x2.mul (local.get $r) (local.get $e)) (local.get $hxs))))
;; k ≠ 0: e = (r·(e − c) − c) − hxs, then by k
(local.set $e (f64x2.sub (f64x2.sub (f64x2.mul (local.get $r) (f64x2.sub (local.get $e) (local.get $c))) (local.get $c)) (local.get $hxs)))
(local.set $twopk (i64x2.shl (i64x2.add (local.get $k) (v128.const i64x2 1023 1023)) (i32.const 52)))
;; k = −1: 0.5·(r − e) − 0.5
(local.set $y (v128.bitselect (f64x2.sub (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.sub (local.get $r) (local.get $e))) (v128.const f64x2 0.5 0.5)) (local.get $y)
  (i64x2.eq (local.get $k) (v128.const i64x2 -1 -1))))
;; k ≤ −2 or k > 56: (1 − (e − r))·2^k − 1
(local.set $y (v128.bitselect
  (f64x2.sub (f64x2.mul (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $e) (local.get $r))) (local.get $twopk)) (v128.const f64x2 1 1)) (local.get $y)
  (v128.or (i64x2.lt_s (local.get $k) (v128.const i64x2 -1 -1)) (i64x2.gt_s (local.get $k) (v128.const i64x2 56 56)))))
;; 1 < k < 20: ((1 − 2^−k) − (e − r))·2^k; 20 ≤ k ≤ 56: ((r − (e + 2^−k)) + 1)·2^k
(local.set $t (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $k)) (i32.const 52)))
(local.set $y (v128.bitselect
  (f64x2.mul (f64x2.sub (f64x2.sub (v128.const f64x2 1 1) (local.get $t)) (f64x2.sub (local.get $e) (local.get $r))) (local.get $twopk)) (local.get $y)
  (v128.and (i64x2.gt_s (local.get $k) (v128.const i64x2 1 1)) (i64x2.lt_s (local.get $k) (v128.const i64x2 20 20)))))
(local.set $u (v128.bitselect
  (f64x2.mul (f64x2.add (f64x2.sub (local.get $r) (f64x2.add (local.get $e) (local.get $t))) (v128.const f64x2 1 1)) (local.get $twopk)) (local.get $y)
  (v128.and (i64x2.gt_s (local.get $k) (v128.const i64x2 19 19)) (i64x2.lt_s (local.get $k) (v128.const i64x2 57 57)))))`;

/** tanh(x) for |x| < 22 (s_tanh.c); |x| < 2⁻²⁸ is x itself. */
const TANH = {
  locals: ['$ax', '$ge1', '$u', '$z', '$big', '$k', '$ki', '$t', '$hi', '$lo', '$r', '$c', '$hfx', '$hxs', '$r1', '$e', '$twopk', '$y'],
  body: `(local.set $ax (v128.and (local.get $x) (v128.const i64x2 0x7FFFFFFFFFFFFFFF 0x7FFFFFFFFFFFFFFF)))
(local.set $ge1 (f64x2.ge (local.get $ax) (v128.const f64x2 1 1)))
(local.set $u (v128.bitselect (f64x2.mul (v128.const f64x2 2 2) (local.get $ax)) (f64x2.mul (v128.const f64x2 -2 -2) (local.get $ax)) (local.get $ge1)))
@@EXPM1@@
(local.set $z (v128.bitselect
  (f64x2.sub (v128.const f64x2 1 1) (f64x2.div (v128.const f64x2 2 2) (f64x2.add (local.get $u) (v128.const f64x2 2 2))))
  (f64x2.div (f64x2.neg (local.get $u)) (f64x2.add (local.get $u) (v128.const f64x2 2 2)))
  (local.get $ge1)))
(local.set $x (v128.bitselect (local.get $x) (v128.or (local.get $z) (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
  (i64x2.lt_s (i64x2.shr_u (local.get $ax) (i32.const 32)) (v128.const i64x2 0x3E300000 0x3E300000))))`.replace('@@EXPM1@@', EXPM1),
};

/** Top-level forms of a WAT fragment (comments dropped). */
function forms(text) {
  const src = text.replace(/;;.*$/gm, '');
  const out = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '(') { if (depth++ === 0) start = i; } else if (src[i] === ')' && --depth === 0) out.push(src.slice(start, i + 1));
  }
  return out;
}

/** The math with every local (and $x) renamed with a suffix, one statement per form. */
const renamed = (math, suffix) => {
  const names = [...math.locals, '$x'];
  return forms(math.body).map((f) => f.replace(/\$[a-z0-9]+\b/g, (n) => (names.includes(n) ? `${n}${suffix}` : n)));
};
/** Locals for each suffix; '' is the pair function, whose $x is its parameter. */
const declare = (math, suffixes) => suffixes.flatMap((s) => [...math.locals, ...(s ? ['$x'] : [])].map((n) => `(local ${n}${s} v128)`)).join(' ');

/**
 * Every distinct v128 constant of a function body moved into a local set once on entry: V8 builds a
 * v128.const from immediates each time it executes (several instructions), a local costs at most a
 * reload. Returns the locals' declarations and the body with its initialisations.
 */
function hoistConstants(body) {
  const consts = [];
  const text = body.replace(/\(v128\.const (?:f64x2|i64x2) [^()\s]+ [^()\s]+\)/g, (c) => {
    let i = consts.indexOf(c);
    if (i < 0) i = consts.push(c) - 1;
    return `(local.get $k${i})`;
  });
  return {
    locals: consts.map((_, i) => `(local $k${i} v128)`).join(' '),
    body: `${consts.map((c, i) => `    (local.set $k${i} ${c})`).join('\n')}\n${text}`,
  };
}

/**
 * y[i] = f(a[i]) for i < n: four values per iteration (two interleaved computations), then pairs; a
 * pair or quad with a lane at or above `limit` (the high word of |x|; ∞ and NaN included) goes to
 * the JS function `fallback` lane by lane. `pre` and `post` wrap the math (sigmoid: exp(−a), 1/(1+·)).
 */
function activationLoop(name, math, limit, fallback, pre, post) {
  const groups = GROUPS.map((g) => renamed(math, g));
  const interleaved = groups[0].flatMap((_, i) => groups.map((g) => g[i]));
  const width = 2 * GROUPS.length;
  const xs = GROUPS.map((g) => `$x${g}`);
  const tooBig = (x) => `(v128.any_true (i64x2.ge_s (i64x2.shr_u (v128.and (local.get ${x}) ${ABS}) (i32.const 32)) (v128.const i64x2 ${limit} ${limit})))`;
  const slow = (x) => `(f64x2.replace_lane 1 (f64x2.splat (call ${fallback} (f64x2.extract_lane 0 (local.get ${x})))) (call ${fallback} (f64x2.extract_lane 1 (local.get ${x}))))`;
  const pair = (x) => `(if (result v128) ${tooBig(x)} (then ${slow(x)}) (else (call $${name}2 (local.get ${x}))))`;
  const pairFn = hoistConstants(forms(math.body).map((f) => `    ${f.replace(/\n/g, '\n    ')}`).join('\n'));
  const loop = hoistConstants(`    (block $quads (loop $quad
      (br_if $quads (i32.gt_s (i32.add (local.get $i) (i32.const ${width})) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
${xs.map((x, g) => `      (local.set ${x} ${pre(`(f64x2.promote_low_f32x4 (v128.load64_zero offset=${8 * g} (i32.add (local.get $a) (local.get $o))))`)})`).join('\n')}
      (if ${xs.map(tooBig).reduce((p, q) => `(i32.or ${p} ${q})`)}
        (then ${xs.map((x) => `(local.set ${x} ${pair(x)})`).join(' ')})
        (else
${interleaved.map((f) => `          ${f.replace(/\n/g, '\n          ')}`).join('\n')}))
${xs.map((x, g) => `      (v128.store64_lane offset=${8 * g} 0 (i32.add (local.get $y) (local.get $o)) (f32x4.demote_f64x2_zero ${post(`(local.get ${x})`)}))`).join('\n')}
      (local.set $i (i32.add (local.get $i) (i32.const ${width})))
      (br $quad)))
    (block $done (loop $rest
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $xa ${pre(`(if (result v128) (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n))
        (then (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a) (local.get $o)))))
        (else (f64x2.promote_low_f32x4 (v128.load32_splat (i32.add (local.get $a) (local.get $o))))))`)})
      (local.set $xa ${post(pair('$xa'))})
      (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n))
        (then (v128.store64_lane 0 (i32.add (local.get $y) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $xa))))
        (else (v128.store32_lane 0 (i32.add (local.get $y) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $xa)))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $rest)))`);
  return `  (func $${name}2 (param $x v128) (result v128) ${declare(math, [''])} ${pairFn.locals}
${pairFn.body}
    (local.get $x))

  (func $${name} (export "${name}") (param $n i32) (param $a i32) (param $y i32)
    (local $i i32) (local $o i32) ${declare(math, GROUPS)} ${loop.locals}
${loop.body})`;
}

export const ACTIVATION_IMPORTS = [
  '  (import "env" "exp" (func $mathExp (param f64) (result f64)))',
  '  (import "env" "tanh" (func $mathTanh (param f64) (result f64)))',
];

export function activationsWat() {
  const one = '(v128.const f64x2 1 1)';
  return [
    '  ;; y = tanh(a), equal to Math.tanh (fdlibm s_tanh.c and s_expm1.c on two lanes, see scripts/activations-wat.mjs)',
    activationLoop('tanh', TANH, '0x40360000', '$mathTanh', (x) => x, (x) => x),
    '',
    '  ;; y = 1 / (1 + exp(−a)), equal to the same with Math.exp (fdlibm e_exp.c on two lanes)',
    activationLoop('sigmoid', EXP, '0x40800000', '$mathExp', (x) => `(f64x2.neg ${x})`, (x) => `(f64x2.div ${one} (f64x2.add ${one} ${x}))`),
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
