// Writes the text of src/wasm/gemm.wat: register-blocked f32x4 matrix products (float32 memory) and the Adam update.
// The tiles repeat one pattern for each tile shape, so they are generated here rather than typed:
//   node packages/kernels/scripts/build-wasm.mjs   (writes gemm.wat, then compiles it; a test checks both)
import { activationsWat } from './activations-f32-wat.mjs';
import { cellsWat } from './cells-wat.mjs';
import { transBFunction } from './trans-b-wat.mjs';

// The tile shapes are parameters so a benchmark can try others; the defaults are what ships.
//
// Every output element gets exactly the additions the plain-JS reference (src/network/gemm.ts) does,
// in the same order, each a separate multiply and add (WebAssembly has no fused multiply-add in
// this instruction set, and V8 does not contract), so results are bit-identical to it.

/** Row (or k) offsets in a tile, as WAT: base + rr·stride, with 2·stride and 3·stride precomputed. */
const off = (base, rr, stride) => (rr === 0 ? `(local.get ${base})` : `(i32.add (local.get ${base}) (local.get ${stride}${rr === 1 ? '' : rr}))`);
const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * One tile of out[r.., j..] += Σ_i A(r, i) · M[i, j..] with RT rows and CT four-lane column vectors
 * (CT = 0: one column, scalar). A(r, i) is at $pa + r·$sr + i·$si, so the same code serves x·w
 * (rows of x) and xᵀ·d (columns of x). Accumulators stay in locals over the whole i loop; every
 * operation is float32 (f32x4), rounded as the reference's Math.fround does.
 */
function accTile(RT, CT) {
  const rows = range(RT);
  const cols = range(Math.max(CT, 1));
  const acc = (rr, cc) => (CT === 0 ? `$s${rr}` : `$v${rr}${cc}`);
  const load = CT === 0 ? 'f32.load' : 'v128.load';
  const at = (cc) => (CT === 0 || cc === 0 ? '' : ` offset=${16 * cc}`);
  const w = (cc) => (CT === 0 ? '$ws' : `$w${cc}`);
  const lines = [];
  lines.push(`(local.set $pa (local.get $pa0))`, `(local.set $pb (local.get $pb0))`, `(local.set $i (local.get $I))`);
  for (const rr of rows) for (const cc of cols) lines.push(`(local.set ${acc(rr, cc)} (${load}${at(cc)} ${off('$po', rr, '$ldo')}))`);
  lines.push(`(block $idone (loop $iloop`, `  (br_if $idone (i32.eqz (local.get $i)))`);
  for (const cc of cols) lines.push(`  (local.set ${w(cc)} (${load}${at(cc)} (local.get $pb)))`);
  for (const rr of rows) {
    lines.push(CT === 0
      ? `  (local.set $xs (f32.load ${off('$pa', rr, '$sr')}))`
      : `  (local.set $x (v128.load32_splat ${off('$pa', rr, '$sr')}))`);
    for (const cc of cols) {
      lines.push(CT === 0
        ? `  (local.set ${acc(rr, cc)} (f32.add (local.get ${acc(rr, cc)}) (f32.mul (local.get $xs) (local.get ${w(cc)}))))`
        : `  (local.set ${acc(rr, cc)} (f32x4.add (local.get ${acc(rr, cc)}) (f32x4.mul (local.get $x) (local.get ${w(cc)}))))`);
    }
  }
  lines.push(`  (local.set $pa (i32.add (local.get $pa) (local.get $si)))`, `  (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))`,
    `  (local.set $i (i32.sub (local.get $i) (i32.const 1)))`, `  (br $iloop)))`);
  // A zero A(r, i) is skipped by the reference. Adding its ±0 product changes nothing unless the sum
  // is itself zero (−0 + +0 = +0) or the weight is infinite (0·∞ = NaN): one test for the whole tile,
  // and the rare tile with such an element is redone the reference's way.
  const bad = (a) => (CT === 0
    ? `(i32.or (f32.eq (local.get ${a}) (f32.const 0)) (f32.ne (local.get ${a}) (local.get ${a})))`
    : `(v128.or (f32x4.eq (local.get ${a}) (v128.const f32x4 0 0 0 0)) (f32x4.ne (local.get ${a}) (local.get ${a})))`);
  const all = rows.flatMap((rr) => cols.map((cc) => bad(acc(rr, cc)))).reduce((x, y) => `(${CT === 0 ? 'i32' : 'v128'}.or ${x} ${y})`);
  const width = CT === 0 ? 1 : 4 * CT;
  lines.push(`(if ${CT === 0 ? all : `(v128.any_true ${all})`}`, `  (then`);
  for (const rr of rows) {
    lines.push(`    (call $exact ${off('$pa0', rr, '$sr')} (local.get $si) (local.get $I) (local.get $pb0) (local.get $ldb) ${off('$po', rr, '$ldo')} (i32.const ${width}))`);
  }
  lines.push(`  )`, `  (else`);
  for (const rr of rows) {
    for (const cc of cols) lines.push(`    (${CT === 0 ? 'f32' : 'v128'}.store${at(cc)} ${off('$po', rr, '$ldo')} (local.get ${acc(rr, cc)}))`);
  }
  lines.push(`  ))`);
  return lines;
}

/** Columns j.. of rows r..r+RT−1: full tiles of CT vectors, then single vectors, then scalar columns. */
function accRowBlock(RT, CT) {
  const width = 4 * CT;
  const tile = (ct, step) => [
    `(local.set $pa0 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $sr))))`,
    `(local.set $pb0 (i32.add (local.get $m) (i32.shl (local.get $j) (i32.const 2))))`,
    `(local.set $po (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $ldo))) (i32.shl (local.get $j) (i32.const 2))))`,
    ...accTile(RT, ct),
    `(local.set $j (i32.add (local.get $j) (i32.const ${step})))`,
  ];
  const loop = (label, ct, step) => [`(block $jdone${RT}${label} (loop $jloop${RT}${label}`,
    `  (br_if $jdone${RT}${label} (i32.gt_s (i32.add (local.get $j) (i32.const ${step})) (local.get $n)))`,
    ...tile(ct, step).map((l) => `  ${l}`),
    `  (br $jloop${RT}${label})))`];
  return [
    `(local.set $j (i32.const 0))`,
    ...loop('', CT, width),
    ...(CT > 1 ? loop('v', 1, 4) : []),
    ...loop('s', 0, 1),
  ];
}

function accFunction(RT, CT) {
  const vecs = [];
  for (const rr of range(RT)) for (const cc of range(CT)) vecs.push(`$v${rr}${cc}`);
  const locals = [
    ...['$r', '$j', '$i', '$pa', '$pb', '$po', '$pa0', '$pb0', '$sr2', '$sr3', '$ldo2', '$ldo3'].map((n) => `(local ${n} i32)`),
    ...[...vecs, '$x', ...range(CT).map((c) => `$w${c}`)].map((n) => `(local ${n} v128)`),
    ...[...range(RT).map((r) => `$s${r}`), '$xs', '$ws'].map((n) => `(local ${n} f32)`),
  ];
  const body = [
    // One term per output (x·w with one input feature): nothing to keep in registers; the
    // reference's loop, whose zero test skips whole rows, is faster.
    `(if (i32.eq (local.get $I) (i32.const 1)) (then`,
    `  (call $axpy (local.get $rows) (local.get $n) (local.get $a) (local.get $sr) (local.get $m) (local.get $out) (local.get $ldo))`,
    `  (return)))`,
    `(local.set $sr2 (i32.shl (local.get $sr) (i32.const 1)))`,
    `(local.set $sr3 (i32.add (local.get $sr2) (local.get $sr)))`,
    `(local.set $ldo2 (i32.shl (local.get $ldo) (i32.const 1)))`,
    `(local.set $ldo3 (i32.add (local.get $ldo2) (local.get $ldo)))`,
    `(block $rdone (loop $rloop`,
    `  (br_if $rdone (i32.gt_s (i32.add (local.get $r) (i32.const ${RT})) (local.get $rows)))`,
    ...accRowBlock(RT, CT).map((l) => `  ${l}`),
    `  (local.set $r (i32.add (local.get $r) (i32.const ${RT})))`,
    `  (br $rloop)))`,
    `(block $r1done (loop $r1loop`,
    `  (br_if $r1done (i32.ge_s (local.get $r) (local.get $rows)))`,
    ...accRowBlock(1, CT).map((l) => `  ${l}`),
    `  (local.set $r (i32.add (local.get $r) (i32.const 1)))`,
    `  (br $r1loop)))`,
  ];
  const text = body.join('\n');
  return [
    `  ;; out[r, j] += Σ_i A(r, i) · m[i, j], A(r, i) at a + r·sr + i·si (byte strides), tiles of ${RT} rows × ${4 * CT} columns`,
    `  (func $acc (param $rows i32) (param $I i32) (param $n i32) (param $a i32) (param $sr i32) (param $si i32)`,
    `    (param $m i32) (param $ldb i32) (param $out i32) (param $ldo i32)`,
    `    ${locals.join(' ')}`,
    ...text.split('\n').map((l) => `    ${l}`),
    `  )`,
  ].join('\n');
}

/** out[r, j] += A(r) · m[j] for r < rows, j < n, zero A(r) skipped: the reference's loop for one term. */
const AXPY = `  (func $axpy (param $rows i32) (param $n i32) (param $a i32) (param $sr i32) (param $m i32) (param $out i32) (param $ldo i32)
    (local $r i32) (local $j i32) (local $v f32) (local $vv v128) (local $p i32) (local $q i32) (local $n4 i32) (local $nb i32)
    (local.set $n4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $v (f32.load (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $sr)))))
      (if (f32.ne (local.get $v) (f32.const 0)) (then
        (local.set $vv (f32x4.splat (local.get $v)))
        (local.set $p (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $ldo))))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_s (local.get $j) (local.get $n4)))
          (local.set $q (i32.add (local.get $p) (local.get $j)))
          (v128.store (local.get $q) (f32x4.add (v128.load (local.get $q)) (f32x4.mul (local.get $vv) (v128.load (i32.add (local.get $m) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $jloop)))
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_s (local.get $j) (local.get $nb)))
          (local.set $q (i32.add (local.get $p) (local.get $j)))
          (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (f32.mul (local.get $v) (f32.load (i32.add (local.get $m) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $tloop)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))`;

/** The reference's own loop for cnt adjacent outputs: skip zero A(r, i), add in order. */
const EXACT = `  ;; out[c] += Σ_i A(i) · m[i, c] for c < cnt, zero A(i) skipped: the reference, for the rare element
  ;; whose tiled sum came out zero or NaN (see $acc).
  (func $exact (param $pa i32) (param $si i32) (param $I i32) (param $pb i32) (param $ldb i32) (param $po i32) (param $cnt i32)
    (local $c i32) (local $i i32) (local $s f32) (local $v f32) (local $qa i32) (local $qb i32)
    (block $cdone (loop $cloop
      (br_if $cdone (i32.ge_s (local.get $c) (local.get $cnt)))
      (local.set $s (f32.load (i32.add (local.get $po) (i32.shl (local.get $c) (i32.const 2)))))
      (local.set $qa (local.get $pa))
      (local.set $qb (i32.add (local.get $pb) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $idone (loop $iloop
        (br_if $idone (i32.ge_s (local.get $i) (local.get $I)))
        (local.set $v (f32.load (local.get $qa)))
        (if (f32.ne (local.get $v) (f32.const 0)) (then
          (local.set $s (f32.add (local.get $s) (f32.mul (local.get $v) (f32.load (local.get $qb)))))))
        (local.set $qa (i32.add (local.get $qa) (local.get $si)))
        (local.set $qb (i32.add (local.get $qb) (local.get $ldb)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop)))
      (f32.store (i32.add (local.get $po) (i32.shl (local.get $c) (i32.const 2))) (local.get $s))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cloop))))`;

const EXPORTS = `  ;; out[b, j] += Σ_k x[b, k] · w[k, j]
  (func (export "mulAcc")
    (param $rows i32) (param $inner i32) (param $n i32)
    (param $x i32) (param $ldx i32) (param $w i32) (param $ldw i32) (param $out i32) (param $ldo i32)
    (call $acc (local.get $rows) (local.get $inner) (local.get $n)
      (local.get $x) (i32.shl (local.get $ldx) (i32.const 2)) (i32.const 4)
      (local.get $w) (i32.shl (local.get $ldw) (i32.const 2)) (local.get $out) (i32.shl (local.get $ldo) (i32.const 2))))

  ;; dw[k, j] += Σ_b x[b, k] · d[b, j]: the same tiles with xᵀ (rows k, summed over b in order)
  (func (export "mulAccTransA")
    (param $rows i32) (param $inner i32) (param $n i32)
    (param $x i32) (param $ldx i32) (param $d i32) (param $ldd i32) (param $dw i32) (param $ldw i32)
    (call $acc (local.get $inner) (local.get $rows) (local.get $n)
      (local.get $x) (i32.const 4) (i32.shl (local.get $ldx) (i32.const 2))
      (local.get $d) (i32.shl (local.get $ldd) (i32.const 2)) (local.get $dw) (i32.shl (local.get $ldw) (i32.const 2))))`;

/** Copies whole f32 values (bits as they are, −0 and NaN included), four at a time. */
const COPY = `  ;; dst[r, j] = src[r, j] for r < rows, j < n; lds = 0 repeats one source row (a bias into every batch row)
  (func (export "copyRows") (param $rows i32) (param $n i32) (param $src i32) (param $lds i32) (param $dst i32) (param $ldd i32)
    (local $r i32) (local $j i32) (local $ps i32) (local $pd i32) (local $nb i32) (local $n2 i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $n2 (i32.and (local.get $nb) (i32.const -16)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $ps (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $lds)) (i32.const 2))))
      (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $ldd)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $n2)))
        (v128.store (i32.add (local.get $pd) (local.get $j)) (v128.load (i32.add (local.get $ps) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $jloop)))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_s (local.get $j) (local.get $nb)))
        (i32.store (i32.add (local.get $pd) (local.get $j)) (i32.load (i32.add (local.get $ps) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $tloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))`;

/** Two float32 values at p widened to f64x2; f64x2 x narrowed and stored as two float32 values at p. */
const ld2 = (p) => `(f64x2.promote_low_f32x4 (v128.load64_zero ${p}))`;
const st2 = (p, x) => `(v128.store64_lane 0 ${p} (f32x4.demote_f64x2_zero ${x}))`;
const ld1 = (p) => `(f64.promote_f32 (f32.load ${p}))`;
const st1 = (p, x) => `(f32.store ${p} (f32.demote_f64 ${x}))`;
const at = (a) => `(i32.add (local.get $${a}) (local.get $o))`;

const ADAM = `  ;; Adam over n float32 parameters, two at a time, exactly tfjs's formula in float64 arithmetic (as
  ;; training/optimizers.ts's loop on Float32Arrays: each stored value rounded once):
  ;; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= (lr·(m / c1)) / (√(v / c2) + ε)
  (func (export "adam")
    (param $n i32) (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $lr f64) (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64) (param $eps f64)
    (local $i i32) (local $o i32) (local $n2 i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $B1 v128) (local $B2 v128) (local $K1 v128) (local $K2 v128) (local $LR v128) (local $C1 v128) (local $C2 v128) (local $E v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $K1 (f64x2.splat (f64.sub (f64.const 1) (local.get $b1))))
    (local.set $K2 (f64x2.splat (f64.sub (f64.const 1) (local.get $b2))))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $E (f64x2.splat (local.get $eps)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $i) (local.get $n2)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gi ${ld2(at('g'))})
      (local.set $mi (f64x2.add (f64x2.mul ${ld2(at('m'))} (local.get $B1)) (f64x2.mul (local.get $gi) (local.get $K1))))
      (local.set $vi (f64x2.add (f64x2.mul ${ld2(at('v'))} (local.get $B2))
        (f64x2.mul (f64x2.mul (local.get $gi) (local.get $gi)) (local.get $K2))))
      ${st2(at('m'), '(local.get $mi)')}
      ${st2(at('v'), '(local.get $vi)')}
      ${st2(at('p'), `(f64x2.sub ${ld2(at('p'))}
        (f64x2.div (f64x2.mul (local.get $LR) (f64x2.div (local.get $mi) (local.get $C1)))
          (f64x2.add (f64x2.sqrt (f64x2.div (local.get $vi) (local.get $C2))) (local.get $E))))`)}
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $loop)))
    (if (i32.lt_s (local.get $i) (local.get $n)) (then
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs ${ld1(at('g'))})
      (local.set $ms (f64.add (f64.mul ${ld1(at('m'))} (local.get $b1))
        (f64.mul (local.get $gs) (f64.sub (f64.const 1) (local.get $b1)))))
      (local.set $vs (f64.add (f64.mul ${ld1(at('v'))} (local.get $b2))
        (f64.mul (f64.mul (local.get $gs) (local.get $gs)) (f64.sub (f64.const 1) (local.get $b2)))))
      ${st1(at('m'), '(local.get $ms)')}
      ${st1(at('v'), '(local.get $vs)')}
      ${st1(at('p'), `(f64.sub ${ld1(at('p'))}
        (f64.div (f64.mul (local.get $lr) (f64.div (local.get $ms) (local.get $c1)))
          (f64.add (f64.sqrt (f64.div (local.get $vs) (local.get $c2))) (local.get $eps))))`)})))`;


/** The whole module. Tile shapes: rt × 4·ct for x·w and xᵀ·d, bt × kt for d·wᵀ. */
export function gemmWat({ rt = 4, ct = 2, bt = 2, kt = 2 } = {}) {
  return [
    ';; Generated by packages/kernels/scripts/build-wasm.mjs from scripts/gemm-wat.mjs. Do not edit: change the generator.',
    ';; The fused engine\'s kernels with 128-bit SIMD on float32 memory: the three matrix products of a recurrent',
    ';; step in f32x4 (see ../network/gemm.ts for the plain-JS reference they equal bit for bit); tanh and sigmoid in',
    ';; f32x4 (Eigen\'s rational tanh, scripts/activations-f32-wat.mjs); the LSTM and GRU gate steps and the Adam update',
    ';; in float64 arithmetic on float32 loads, each stored value rounded once (as the JS on Float32Arrays); row copies.',
    ';; Each equals its JS reference bit for bit. Addresses are byte offsets into the imported (shared) memory;',
    ';; leading dimensions (ld*) are in elements. Register-blocked: each tile keeps its outputs in locals over the',
    ';; whole sum, so memory traffic is a load per operand vector, not a load and a store of the output per term.',
    ';; No fused multiply-add: bit-reproducible on every engine.',
    '(module',
    // Shared, so worker threads can train chunks of a batch in the same memory (network/chunk-threads.ts).
    '  (import "env" "memory" (memory 1 65536 shared))',
    '',
    accFunction(rt, ct),
    '',
    EXACT,
    '',
    AXPY,
    '',
    EXPORTS,
    '',
    transBFunction(bt, kt),
    '',
    activationsWat(),
    '',
    COPY,
    '',
    cellsWat(),
    '',
    ADAM,
    ')',
    '',
  ].join('\n');
}
