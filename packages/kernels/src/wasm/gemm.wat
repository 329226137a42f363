;; The three matrix products of a recurrent step (see ../network/gemm.ts for the plain-JS
;; reference they must equal) with 128-bit SIMD, two float64 lanes. Addresses are byte offsets
;; into the imported memory; leading dimensions (ld*) are in elements. No fused multiply-add, so
;; results are bit-reproducible on every engine.
(module
  (import "env" "memory" (memory 1))

  ;; out[b, j] += Σ_k x[b, k] · w[k, j]
  (func (export "mulAcc")
    (param $rows i32) (param $inner i32) (param $n i32)
    (param $x i32) (param $ldx i32) (param $w i32) (param $ldw i32) (param $out i32) (param $ldo i32)
    (local $b i32) (local $k i32) (local $j i32) (local $v f64) (local $vv v128)
    (local $xb i32) (local $ob i32) (local $wk i32) (local $n2 i32) (local $p i32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_s (local.get $b) (local.get $rows)))
      (local.set $xb (i32.add (local.get $x) (i32.shl (i32.mul (local.get $b) (local.get $ldx)) (i32.const 3))))
      (local.set $ob (i32.add (local.get $out) (i32.shl (i32.mul (local.get $b) (local.get $ldo)) (i32.const 3))))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kloop
        (br_if $kdone (i32.ge_s (local.get $k) (local.get $inner)))
        (local.set $v (f64.load (i32.add (local.get $xb) (i32.shl (local.get $k) (i32.const 3)))))
        (if (f64.ne (local.get $v) (f64.const 0)) (then
          (local.set $vv (f64x2.splat (local.get $v)))
          (local.set $wk (i32.add (local.get $w) (i32.shl (i32.mul (local.get $k) (local.get $ldw)) (i32.const 3))))
          (local.set $j (i32.const 0))
          (block $jdone (loop $jloop
            (br_if $jdone (i32.ge_s (local.get $j) (local.get $n2)))
            (local.set $p (i32.add (local.get $ob) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
              (f64x2.mul (local.get $vv) (v128.load (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
          (if (i32.lt_s (local.get $j) (local.get $n)) (then
            (local.set $p (i32.add (local.get $ob) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
              (f64.mul (local.get $v) (f64.load (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3)))))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop))))

  ;; dw[k, j] += Σ_b x[b, k] · d[b, j]
  (func (export "mulAccTransA")
    (param $rows i32) (param $inner i32) (param $n i32)
    (param $x i32) (param $ldx i32) (param $d i32) (param $ldd i32) (param $dw i32) (param $ldw i32)
    (local $b i32) (local $k i32) (local $j i32) (local $v f64) (local $vv v128)
    (local $xb i32) (local $db i32) (local $wk i32) (local $n2 i32) (local $p i32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_s (local.get $b) (local.get $rows)))
      (local.set $xb (i32.add (local.get $x) (i32.shl (i32.mul (local.get $b) (local.get $ldx)) (i32.const 3))))
      (local.set $db (i32.add (local.get $d) (i32.shl (i32.mul (local.get $b) (local.get $ldd)) (i32.const 3))))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kloop
        (br_if $kdone (i32.ge_s (local.get $k) (local.get $inner)))
        (local.set $v (f64.load (i32.add (local.get $xb) (i32.shl (local.get $k) (i32.const 3)))))
        (if (f64.ne (local.get $v) (f64.const 0)) (then
          (local.set $vv (f64x2.splat (local.get $v)))
          (local.set $wk (i32.add (local.get $dw) (i32.shl (i32.mul (local.get $k) (local.get $ldw)) (i32.const 3))))
          (local.set $j (i32.const 0))
          (block $jdone (loop $jloop
            (br_if $jdone (i32.ge_s (local.get $j) (local.get $n2)))
            (local.set $p (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p))
              (f64x2.mul (local.get $vv) (v128.load (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 3)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
          (if (i32.lt_s (local.get $j) (local.get $n)) (then
            (local.set $p (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
              (f64.mul (local.get $v) (f64.load (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 3)))))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop))))

  ;; dx[b, k] += Σ_j d[b, j] · w[k, j]   (four running sums in two vectors, added pairwise at the end)
  (func (export "mulAccTransB")
    (param $rows i32) (param $inner i32) (param $n i32)
    (param $d i32) (param $ldd i32) (param $w i32) (param $ldw i32) (param $dx i32) (param $ldx i32)
    (local $b i32) (local $k i32) (local $j i32) (local $s0 v128) (local $s1 v128) (local $s f64)
    (local $db i32) (local $xb i32) (local $wk i32) (local $n4 i32) (local $pd i32) (local $pw i32) (local $p i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_s (local.get $b) (local.get $rows)))
      (local.set $db (i32.add (local.get $d) (i32.shl (i32.mul (local.get $b) (local.get $ldd)) (i32.const 3))))
      (local.set $xb (i32.add (local.get $dx) (i32.shl (i32.mul (local.get $b) (local.get $ldx)) (i32.const 3))))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kloop
        (br_if $kdone (i32.ge_s (local.get $k) (local.get $inner)))
        (local.set $wk (i32.add (local.get $w) (i32.shl (i32.mul (local.get $k) (local.get $ldw)) (i32.const 3))))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_s (local.get $j) (local.get $n4)))
          (local.set $pd (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $pw (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $pd)) (v128.load (local.get $pw)))))
          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load offset=16 (local.get $pd)) (v128.load offset=16 (local.get $pw)))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $jloop)))
        (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_s (local.get $j) (local.get $n)))
          (local.set $s (f64.add (local.get $s) (f64.mul
            (f64.load (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 3))))
            (f64.load (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $tloop)))
        (local.set $p (i32.add (local.get $xb) (i32.shl (local.get $k) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $s)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bloop))))
)
