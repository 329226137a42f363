#!/usr/bin/env python3
"""PyTorch version of the sine tutorial for npm run bench's torch runner: the data of
bench/keras/tutorial.py (common.sine_windows), <Cell>(units) × layers + Linear(1), Adam 0.001, MSE,
shuffled batches (the last one partial, as Keras), float32. Prints one JSON line in tutorial.py's form.

    bench/torch/.venv/bin/python bench/torch/tutorial.py --seed 1 [--cell simpleRNN|gru|lstm] [--epochs 50]
        [--batch-size 1] [--points 1000] [--lookback 10] [--units 50] [--layers 1] [--threads N]
"""
import argparse
import json
import math
import time

import torch

from common import Net, sine_windows, versions


def main():
    info = versions()
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cell", default="simpleRNN")
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--lookback", type=int, default=10)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--threads", type=int, default=info["default_threads"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    (x, y), (xt, yt) = sine_windows(args.points, args.lookback)
    model = Net(args.cell, args.units, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.MSELoss()
    n, bs = x.shape[0], args.batch_size
    epoch_seconds, loss = [], None
    started = time.perf_counter()
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        order = torch.randperm(n)
        for start in range(0, n, bs):
            idx = order[start:start + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        epoch_seconds.append(round(time.perf_counter() - t0, 4))
    train_seconds = time.perf_counter() - started
    with torch.no_grad():
        test_mse = float(loss_fn(model(xt), yt))
    print(json.dumps({
        "seed": args.seed, "cell": args.cell, "epochs": args.epochs, "batch_size": bs, "test_mse": test_mse,
        "final_train_loss": float(loss.detach()) if loss is not None else None, "train_seconds": round(train_seconds, 3),
        "epoch_seconds": epoch_seconds, "steps_per_epoch": math.ceil(n / bs), "train_windows": n, "test_windows": xt.shape[0],
        "torch_version": info["torch"], "python_version": info["python"], "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
