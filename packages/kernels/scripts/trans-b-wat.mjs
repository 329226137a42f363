// The WAT of mulAccTransB (dx = d·wᵀ) for gemm-wat.mjs: register-blocked f32x4 tiles that keep the plain-JS
// reference's eight float32 running sums per output (src/network/gemm.ts), so results are bit-identical to it.

/** Row offsets in a tile, as WAT: base + rr·stride, with 2·stride and 3·stride precomputed. */
const off = (base, rr, stride) => (rr === 0 ? `(local.get ${base})` : `(i32.add (local.get ${base}) (local.get ${stride}${rr === 1 ? '' : rr}))`);
const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * dx[b, k] += Σ_j d[b, j] · w[k, j] for a tile of BT rows b × KT rows k. Each (b, k) keeps the
 * reference's eight running sums (lanes j mod 8 = 0..3 in u, 4..7 in t) over j < n8, adds them as
 * u + t lane-wise, then (l0 + l2) + (l1 + l3), then the last n mod 8 terms one by one: the d and w
 * vectors loaded once per j serve the whole tile.
 */
function transBTile(BT, KT) {
  const bs = range(BT);
  const ks = range(KT);
  const lines = [
    `(local.set $pd (i32.add (local.get $d) (i32.mul (local.get $b) (local.get $ldd))))`,
    `(local.set $pw (i32.add (local.get $w) (i32.mul (local.get $k) (local.get $ldw))))`,
  ];
  for (const bb of bs) for (const kk of ks) lines.push(`(local.set $u${bb}${kk} (v128.const f32x4 0 0 0 0))`, `(local.set $t${bb}${kk} (v128.const f32x4 0 0 0 0))`);
  lines.push(`(local.set $q (i32.const 0))`, `(block $jdone (loop $jloop`, `  (br_if $jdone (i32.ge_s (local.get $q) (local.get $n4b)))`);
  for (const bb of bs) {
    lines.push(`  (local.set $d${bb} (v128.load (i32.add ${off('$pd', bb, '$ldd')} (local.get $q))))`,
      `  (local.set $e${bb} (v128.load offset=16 (i32.add ${off('$pd', bb, '$ldd')} (local.get $q))))`);
  }
  for (const kk of ks) {
    lines.push(`  (local.set $w0 (v128.load (i32.add ${off('$pw', kk, '$ldw')} (local.get $q))))`,
      `  (local.set $w1 (v128.load offset=16 (i32.add ${off('$pw', kk, '$ldw')} (local.get $q))))`);
    for (const bb of bs) {
      lines.push(`  (local.set $u${bb}${kk} (f32x4.add (local.get $u${bb}${kk}) (f32x4.mul (local.get $d${bb}) (local.get $w0))))`,
        `  (local.set $t${bb}${kk} (f32x4.add (local.get $t${bb}${kk}) (f32x4.mul (local.get $e${bb}) (local.get $w1))))`);
    }
  }
  lines.push(`  (local.set $q (i32.add (local.get $q) (i32.const 32)))`, `  (br $jloop)))`);
  for (const bb of bs) {
    for (const kk of ks) {
      lines.push(
        `(local.set $u${bb}${kk} (f32x4.add (local.get $u${bb}${kk}) (local.get $t${bb}${kk})))`,
        `(local.set $s (f32.add (f32.add (f32x4.extract_lane 0 (local.get $u${bb}${kk})) (f32x4.extract_lane 2 (local.get $u${bb}${kk})))`,
        `  (f32.add (f32x4.extract_lane 1 (local.get $u${bb}${kk})) (f32x4.extract_lane 3 (local.get $u${bb}${kk})))))`,
        `(local.set $q (local.get $n4b))`,
        `(block $tdone (loop $tloop`,
        `  (br_if $tdone (i32.ge_s (local.get $q) (local.get $nb)))`,
        `  (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (i32.add ${off('$pd', bb, '$ldd')} (local.get $q))) (f32.load (i32.add ${off('$pw', kk, '$ldw')} (local.get $q))))))`,
        `  (local.set $q (i32.add (local.get $q) (i32.const 4)))`,
        `  (br $tloop)))`,
        `(local.set $p (i32.add (i32.add (local.get $dx) (i32.mul (i32.add (local.get $b) (i32.const ${bb})) (local.get $ldx))) (i32.shl (i32.add (local.get $k) (i32.const ${kk})) (i32.const 2))))`,
        `(f32.store (local.get $p) (f32.add (f32.load (local.get $p)) (local.get $s)))`,
      );
    }
  }
  return lines;
}

function transBRowBlock(BT, KT) {
  const step = (kt) => [...transBTile(BT, kt), `(local.set $k (i32.add (local.get $k) (i32.const ${kt})))`];
  return [
    `(local.set $k (i32.const 0))`,
    `(block $kdone${BT} (loop $kloop${BT}`,
    `  (br_if $kdone${BT} (i32.gt_s (i32.add (local.get $k) (i32.const ${KT})) (local.get $inner)))`,
    ...step(KT).map((l) => `  ${l}`),
    `  (br $kloop${BT})))`,
    ...(KT > 1 ? [`(block $kdone${BT}s (loop $kloop${BT}s`,
      `  (br_if $kdone${BT}s (i32.ge_s (local.get $k) (local.get $inner)))`,
      ...step(1).map((l) => `  ${l}`),
      `  (br $kloop${BT}s)))`] : []),
  ];
}

export function transBFunction(BT, KT) {
  const acc = [];
  for (const bb of range(BT)) for (const kk of range(KT)) acc.push(`$u${bb}${kk}`, `$t${bb}${kk}`);
  const locals = [
    ...['$b', '$k', '$q', '$p', '$pd', '$pw', '$n4b', '$nb', '$ldd2', '$ldd3', '$ldw2', '$ldw3'].map((n) => `(local ${n} i32)`),
    ...[...acc, ...range(BT).flatMap((b) => [`$d${b}`, `$e${b}`]), '$w0', '$w1'].map((n) => `(local ${n} v128)`),
    '(local $s f32)',
  ];
  const body = [
    `(local.set $ldd (i32.shl (local.get $ldd) (i32.const 2)))`,
    `(local.set $ldw (i32.shl (local.get $ldw) (i32.const 2)))`,
    `(local.set $ldx (i32.shl (local.get $ldx) (i32.const 2)))`,
    `(local.set $ldd2 (i32.shl (local.get $ldd) (i32.const 1)))`,
    `(local.set $ldd3 (i32.add (local.get $ldd2) (local.get $ldd)))`,
    `(local.set $ldw2 (i32.shl (local.get $ldw) (i32.const 1)))`,
    `(local.set $ldw3 (i32.add (local.get $ldw2) (local.get $ldw)))`,
    `(local.set $n4b (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2)))`,
    `(local.set $nb (i32.shl (local.get $n) (i32.const 2)))`,
    `(block $bdone (loop $bloop`,
    `  (br_if $bdone (i32.gt_s (i32.add (local.get $b) (i32.const ${BT})) (local.get $rows)))`,
    ...transBRowBlock(BT, KT).map((l) => `  ${l}`),
    `  (local.set $b (i32.add (local.get $b) (i32.const ${BT})))`,
    `  (br $bloop)))`,
    ...(BT > 1 ? [`(block $b1done (loop $b1loop`,
      `  (br_if $b1done (i32.ge_s (local.get $b) (local.get $rows)))`,
      ...transBRowBlock(1, KT).map((l) => `  ${l}`),
      `  (local.set $b (i32.add (local.get $b) (i32.const 1)))`,
      `  (br $b1loop)))`] : []),
  ];
  return [
    `  ;; dx[b, k] += Σ_j d[b, j] · w[k, j], tiles of ${BT} rows b × ${KT} rows k`,
    `  (func (export "mulAccTransB")`,
    `    (param $rows i32) (param $inner i32) (param $n i32)`,
    `    (param $d i32) (param $ldd i32) (param $w i32) (param $ldw i32) (param $dx i32) (param $ldx i32)`,
    `    ${locals.join(' ')}`,
    ...body.map((l) => `    ${l}`),
    `  )`,
  ].join('\n');
}
