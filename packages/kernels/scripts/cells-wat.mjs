// The WAT of the LSTM and GRU cells' elementwise parts, for gemm-wat.mjs: the same multiplications
// and additions as lstm.cell.ts, gru.cell.ts and activations.ts, in the same order, two batch columns at a time (a
// scalar tail when units is odd), in float64 arithmetic on float32 loads with each stored value rounded
// once to float32, as the JS on Float32Arrays does, so the results are bit-identical to the JS. Only for the usual
// activations (tanh, recurrent sigmoid); the cells keep the JS for the others.

/** Operations on two lanes (V) or one (S), so one template yields the vector body and the tail. */
const V = {
  load: (p, off) => `(f64x2.promote_low_f32x4 (v128.load64_zero offset=${off * 4} ${p}))`,
  store: (p, off, x) => `(v128.store64_lane offset=${off * 4} 0 ${p} (f32x4.demote_f64x2_zero ${x}))`,
  add: (a, b) => `(f64x2.add ${a} ${b})`, sub: (a, b) => `(f64x2.sub ${a} ${b})`, mul: (a, b) => `(f64x2.mul ${a} ${b})`,
  /** Rounded to float32 and back: where the JS stores an intermediate in a Float32Array and reads it again. */
  round: (x) => `(f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero ${x}))`,
  one: '(v128.const f64x2 1 1)', type: 'v128', step: 2,
};
const S = {
  load: (p, off) => `(f64.promote_f32 (f32.load offset=${off * 4} ${p}))`,
  store: (p, off, x) => `(f32.store offset=${off * 4} ${p} (f32.demote_f64 ${x}))`,
  add: (a, b) => `(f64.add ${a} ${b})`, sub: (a, b) => `(f64.sub ${a} ${b})`, mul: (a, b) => `(f64.mul ${a} ${b})`,
  round: (x) => `(f64.promote_f32 (f32.demote_f64 ${x}))`,
  one: '(f64.const 1)', type: 'f64', step: 1,
};

/**
 * A function over rows b < B and columns j < U; `arrays` name its pointer parameters with their row
 * stride in units of U (y and dA have 4·U per row, the state arrays U). The body sees, per array, the
 * address of element (b, j) (`at(name)`), and declares its temporaries with `let`.
 */
function rowsFunction(name, arrays, temps, body) {
  const params = arrays.map(([a]) => `(param $${a} i32)`).join(' ');
  const locals = [
    ...['$b', '$j', '$jb', '$ub', '$u2', ...arrays.map(([a]) => `$p${a}`)].map((n) => `(local ${n} i32)`),
    ...temps.flatMap((t) => [`(local $${t} v128)`, `(local $${t}s f64)`]),
  ].join(' ');
  const at = (a) => `(local.get $p${a})`;
  const lets = (ops) => (t, x) => `(local.set $${t}${ops === S ? 's' : ''} ${x})`;
  const get = (ops) => (t) => `(local.get $${t}${ops === S ? 's' : ''})`;
  const pointers = arrays.map(([a, stride]) =>
    `(local.set $p${a} (i32.add (i32.add (local.get $${a}) (i32.mul (local.get $b) (i32.mul (local.get $ub) (i32.const ${stride})))) (local.get $jb)))`);
  const emit = (ops) => [...pointers, ...body(ops, at, lets(ops), get(ops))].map((l) => `        ${l}`).join('\n');
  return `  (func (export "${name}") (param $B i32) (param $U i32) ${params}
    ${locals}
    (local.set $ub (i32.shl (local.get $U) (i32.const 2)))
    (local.set $u2 (i32.and (local.get $U) (i32.const -2)))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_s (local.get $b) (local.get $B)))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $u2)))
        (local.set $jb (i32.shl (local.get $j) (i32.const 2)))
${emit(V)}
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $jloop)))
      (if (i32.lt_s (local.get $j) (local.get $U)) (then
        (local.set $jb (i32.shl (local.get $j) (i32.const 2)))
${emit(S)}))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop))))`;
}

export function cellsWat() {
  return [
    // y: gate activations i, f, c, o of step t ([B][4U]); cp: c[t]; c: c[t+1] ([B][U]).
    '  ;; LSTM: c[t+1] = f∘c[t] + i∘g',
    rowsFunction('lstmState', [['y', 4], ['cp', 1], ['c', 1]], [], (o, at) => {
      const gate = (g) => o.load(g === 0 ? at('y') : `(i32.add ${at('y')} (i32.mul (local.get $ub) (i32.const ${g})))`, 0);
      return [o.store(at('c'), 0, o.add(o.mul(gate(1), o.load(at('cp'), 0)), o.mul(gate(0), gate(2))))];
    }),
    '',
    '  ;; LSTM: h = o∘tanh(c)',
    rowsFunction('lstmOut', [['y', 4], ['tc', 1], ['h', 1]], [], (o, at) => [
      o.store(at('h'), 0, o.mul(o.load(`(i32.add ${at('y')} (i32.mul (local.get $ub) (i32.const 3)))`, 0), o.load(at('tc'), 0))),
    ]),
    '',
    // dh: ∂loss/∂h[t+1]; dc: ∂loss/∂c[t+1] in, ∂loss/∂c[t] out; dA: ∂loss/∂ gate pre-activations ([B][4U]).
    '  ;; LSTM backward through the gates (tanh activation, sigmoid recurrent activation), as lstmBackward does',
    rowsFunction('lstmBack', [['y', 4], ['cp', 1], ['tc', 1], ['dh', 1], ['dc', 1], ['dA', 4]], ['gi', 'gf', 'gg', 'go', 'd', 'v', 'dhv'], (o, at, let_, get) => {
      const gatePtr = (p, g) => (g === 0 ? at(p) : `(i32.add ${at(p)} (i32.mul (local.get $ub) (i32.const ${g})))`);
      const sig = (t) => o.mul(get(t), o.sub(o.one, get(t)));
      return [
        let_('gi', o.load(gatePtr('y', 0), 0)), let_('gf', o.load(gatePtr('y', 1), 0)),
        let_('gg', o.load(gatePtr('y', 2), 0)), let_('go', o.load(gatePtr('y', 3), 0)),
        let_('dhv', o.load(at('dh'), 0)), let_('v', o.load(at('tc'), 0)),
        // tmp = dh·o, then scaled by tanh′(c) = 1 − tc² (each stored, so rounded, by the JS); d = dc + tmp
        let_('d', o.add(o.load(at('dc'), 0), o.round(o.mul(o.round(o.mul(get('dhv'), get('go'))), o.sub(o.one, o.mul(get('v'), get('v'))))))),
        // Each dA is stored, then scaled by the activation's derivative in place (scaleByDerivative).
        o.store(gatePtr('dA', 0), 0, o.mul(o.round(o.mul(get('d'), get('gg'))), sig('gi'))),
        o.store(gatePtr('dA', 1), 0, o.mul(o.round(o.mul(get('d'), o.load(at('cp'), 0))), sig('gf'))),
        o.store(gatePtr('dA', 2), 0, o.mul(o.round(o.mul(get('d'), get('gi'))), o.sub(o.one, o.mul(get('gg'), get('gg'))))),
        o.store(gatePtr('dA', 3), 0, o.mul(o.round(o.mul(get('dhv'), get('v'))), sig('go'))),
        o.store(at('dc'), 0, o.mul(get('d'), get('gf'))),
      ];
    }),
    '',
    // GRU: y gates z, r, h ([B][3U]); hp the (masked) previous state, rh = r∘hp ([B][U]).
    '  ;; GRU: rh = r∘hp',
    rowsFunction('gruReset', [['y', 3], ['hp', 1], ['rh', 1]], [], (o, at) => [
      o.store(at('rh'), 0, o.mul(o.load(`(i32.add ${at('y')} (local.get $ub))`, 0), o.load(at('hp'), 0))),
    ]),
    '',
    '  ;; GRU: h = z∘hp + (1 − z)∘hh',
    rowsFunction('gruOut', [['y', 3], ['hp', 1], ['h', 1]], ['z', 'zz'], (o, at, let_, get) => [
      let_('z', o.load(at('y'), 0)),
      o.store(at('h'), 0, o.add(o.mul(get('z'), o.load(at('hp'), 0)),
        o.mul(o.sub(o.one, get('z')), o.load(`(i32.add ${at('y')} (i32.mul (local.get $ub) (i32.const 2)))`, 0)))),
    ]),
    '',
    '  ;; GRU backward, first part: through the blend into dA_z, dA_h and dhp',
    rowsFunction('gruBack', [['y', 3], ['hp', 1], ['dh', 1], ['dA', 3], ['dhp', 1]], ['z', 'hh', 'd'], (o, at, let_, get) => [
      let_('z', o.load(at('y'), 0)),
      let_('hh', o.load(`(i32.add ${at('y')} (i32.mul (local.get $ub) (i32.const 2)))`, 0)),
      let_('d', o.load(at('dh'), 0)),
      o.store(at('dA'), 0, o.mul(o.round(o.mul(get('d'), o.sub(o.load(at('hp'), 0), get('hh')))), o.mul(get('z'), o.sub(o.one, get('z'))))),
      o.store(`(i32.add ${at('dA')} (i32.mul (local.get $ub) (i32.const 2)))`, 0,
        o.mul(o.round(o.mul(get('d'), o.sub(o.one, get('z')))), o.sub(o.one, o.mul(get('hh'), get('hh'))))),
      o.store(at('dhp'), 0, o.mul(get('d'), get('z'))),
    ]),
    '',
    '  ;; GRU backward, second part: drh (in tmp) into dA_r and dhp',
    rowsFunction('gruBackReset', [['y', 3], ['hp', 1], ['tmp', 1], ['dA', 3], ['dhp', 1]], ['r', 'd'], (o, at, let_, get) => [
      let_('r', o.load(`(i32.add ${at('y')} (local.get $ub))`, 0)),
      let_('d', o.load(at('tmp'), 0)),
      o.store(`(i32.add ${at('dA')} (local.get $ub))`, 0, o.mul(o.round(o.mul(get('d'), o.load(at('hp'), 0))), o.mul(get('r'), o.sub(o.one, get('r'))))),
      o.store(at('dhp'), 0, o.add(o.load(at('dhp'), 0), o.mul(get('d'), get('r')))),
    ]),
  ].join('\n');
}
