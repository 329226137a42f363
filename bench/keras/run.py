#!/usr/bin/env python3
"""Runs the Keras reference of the tutorial: simpleRNN for seeds 1..N, then one seed each of GRU and LSTM,
each in its own process (fresh TF state, clean timing). Writes bench/results/keras-reference.{json,md}.

    bash bench/keras/run.sh [--seeds 5] [--epochs 50] [--budget-minutes 25] [--no-gated]

If the simpleRNN seeds would take longer than --budget-minutes in total, it stops after as many as fit
(estimated from the mean time of the seeds already run) and says so in the results.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
results_dir = os.path.join(here, "..", "results")
TRUTH = math.sin(100 * 998 / 999)


def run(seed, cell, epochs, batch_size):
    cmd = [sys.executable, os.path.join(here, "tutorial.py"), "--seed", str(seed), "--cell", cell,
           "--epochs", str(epochs), "--batch-size", str(batch_size)]
    started = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{cell} seed {seed} exited {r.returncode}:\n{r.stderr}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["wall_seconds"] = round(time.perf_counter() - started, 3)
    print(f"{out['cell']} seed {seed}: mse {out['test_mse']:.3e} next {out['next_value']:.5f} "
          f"train {out['train_seconds']:.1f}s", file=sys.stderr, flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--budget-minutes", type=float, default=25.0)
    ap.add_argument("--no-gated", action="store_true", help="skip the GRU and LSTM runs")
    args = ap.parse_args()

    command = "bash bench/keras/run.sh " + " ".join(sys.argv[1:])
    rows, skipped = [], []
    spent = 0.0
    for seed in range(1, args.seeds + 1):
        if rows:
            mean = spent / len(rows)
            if spent + mean > args.budget_minutes * 60:
                skipped = list(range(seed, args.seeds + 1))
                break
        rows.append(run(seed, "simpleRNN", args.epochs, args.batch_size))
        spent += rows[-1]["wall_seconds"]
    if not args.no_gated:
        for cell in ("gru", "lstm"):
            rows.append(run(1, cell, args.epochs, args.batch_size))

    first = rows[0]
    meta = {
        "command": command.strip(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "tf_version": first["tf_version"], "keras_version": first["keras_version"],
        "python_version": first["python_version"], "numpy_version": __import__("numpy").__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "threads": first["threads"], "epochs": args.epochs, "batch_size": args.batch_size,
        "truth": TRUTH, "skipped_seeds": skipped, "budget_minutes": args.budget_minutes,
    }
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, "keras-reference.json"), "w") as f:
        json.dump({**meta, "runs": rows}, f, indent=2)
        f.write("\n")

    lines = [
        "# Keras reference of the sine tutorial",
        "",
        f"Produced by `{meta['command']}` on {meta['date']} — TensorFlow {meta['tf_version']} (tensorflow-cpu), "
        f"Keras {meta['keras_version']}, Python {meta['python_version']}, numpy {meta['numpy_version']}; "
        f"{meta['machine']}, TF threads intra-op {meta['threads']['intra_op']} / inter-op {meta['threads']['inter_op']}.",
        "",
        f"Model `Sequential([<Cell>(50, input_shape=(10,1)), Dense(1)])`, adam, MSE, {args.epochs} epochs, "
        f"batch {args.batch_size}; 791 train / 198 test windows. Test MSE is `model.evaluate` on the scaled test set; "
        f"next value is the prediction for `X_test[-1]` inverse-transformed (truth sin(100·998/999) = {TRUTH:.5f}). "
        "Each run is its own process; train s is the wall time of `model.fit` only.",
        "",
        "| cell | seed | test MSE (scaled) | next value | error | train s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['cell']} | {r['seed']} | {r['test_mse']:.3e} | {r['next_value']:.5f} | "
                     f"{r['error']:+.5f} | {r['train_seconds']:.1f} |")
    simple = [r for r in rows if r["cell"] == "SimpleRNN"]
    mses = [r["test_mse"] for r in simple]
    lines += [
        "",
        f"SimpleRNN over {len(simple)} seeds: test MSE mean {sum(mses) / len(mses):.3e}, "
        f"min {min(mses):.3e}, max {max(mses):.3e}; max |error| {max(abs(r['error']) for r in simple):.5f}; "
        f"mean train {sum(r['train_seconds'] for r in simple) / len(simple):.1f} s. "
        f"Within issue #2's targets (MSE ≤ 0.002 and |error| ≤ 0.05): "
        f"{sum(r['test_mse'] <= 0.002 and abs(r['error']) <= 0.05 for r in simple)}/{len(simple)}.",
    ]
    if skipped:
        lines += ["", f"Seeds {skipped} of SimpleRNN were not run: they would have taken the seed run past "
                      f"the {args.budget_minutes:g}-minute budget."]
    with open(os.path.join(results_dir, "keras-reference.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
