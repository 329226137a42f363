#!/usr/bin/env python3
"""One epoch of a global model over a panel, PyTorch CPU side of bench/torch-panel.js.

Reads the panel that bench/torch-panel.js wrote (rows.f32: the one column of every series, in order;
offsets.i32: series s = rows [offsets[s], offsets[s+1])), makes the same windows (every first target
row with a full lookback and horizon inside its series), gathers each batch from the rows (no
materialised window tensor, as seqpipe does), and trains one epoch: forward, MSE, backward, Adam.
Prints one JSON line with the epoch time and the peak RSS (VmHWM).

    python bench/torch/panel.py DIR --cell gru --units 32 --lookback 168 --horizon 48 --batch 64 [--threads N]
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from common import Net, peak_rss_mb, versions


def main():
    info = versions()
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--cell", default="gru")
    ap.add_argument("--units", type=int, default=32)
    ap.add_argument("--lookback", type=int, default=168)
    ap.add_argument("--horizon", type=int, default=48)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--threads", type=int, default=info["default_threads"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    t0 = time.perf_counter()
    rows = torch.from_numpy(np.fromfile(os.path.join(args.dir, "rows.f32"), dtype=np.float32))
    offsets = np.fromfile(os.path.join(args.dir, "offsets.i32"), dtype=np.int32)
    L, H = args.lookback, args.horizon
    index = torch.from_numpy(np.concatenate([np.arange(a + L, b - H + 1, dtype=np.int64) for a, b in zip(offsets[:-1], offsets[1:])]))
    back, ahead = torch.arange(-L, 0), torch.arange(0, H)
    model = Net(args.cell, args.units, 1, 1, H)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()
    order = torch.randperm(len(index), generator=torch.Generator().manual_seed(2))
    setup = time.perf_counter() - t0
    started = time.perf_counter()
    total, steps = 0.0, 0
    for start in range(0, len(index), args.batch):
        at = index[order[start:start + args.batch]][:, None]
        xb, yb = rows[at + back].unsqueeze(-1), rows[at + ahead]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(at)
        steps += 1
    epoch = time.perf_counter() - started
    print(json.dumps({"windows": len(index), "series": len(offsets) - 1, "rows": len(rows), "steps": steps, "epoch_seconds": epoch,
                      "ms_per_step": epoch * 1000 / steps, "setup_seconds": setup, "loss": total / len(index),
                      "threads": torch.get_num_threads(), "vmhwm_mb": peak_rss_mb(), **info}))


if __name__ == "__main__":
    main()
