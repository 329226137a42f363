#!/usr/bin/env python3
"""PyTorch CPU milliseconds per optimizer step on bench/torch-steps.js's cases (the same data and
shapes as seqpipe's side): forward, MSE, zero_grad, backward, Adam step, on float32 batches drawn
from a shuffled permutation of the training windows (a new one each pass), each step timed alone.

    python bench/torch/steps.py --cell lstm --units 50 --layers 1 --lookback 10 --batch 32 \
        [--points 1000] [--threads 2] [--warmup 20] [--steps 100]     # one case, one JSON line
    python bench/torch/steps.py --serve     # JSON lines on stdin (the same keys), one JSON line out each

--serve keeps the interpreter and the built models between requests, so the Node side can alternate
seqpipe and torch case by case without paying torch's import each time.
"""
import argparse
import json
import sys
import time

import torch

from common import Net, sine_windows, versions

VERSIONS = versions()  # before any set_num_threads: default_threads is torch's own choice
_models = {}


def case_state(req):
    key = (req["cell"], req["units"], req["layers"], req["lookback"], req["batch"], req["points"])
    if key not in _models:
        torch.manual_seed(1)
        (x, y), _ = sine_windows(req["points"], req["lookback"])
        model = Net(req["cell"], req["units"], req["layers"])
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        gen = torch.Generator().manual_seed(2)
        _models[key] = {"x": x, "y": y, "model": model, "opt": opt, "gen": gen, "order": None, "at": 0}
    return _models[key]


def next_batch(s, batch):
    n = s["x"].shape[0]
    if s["order"] is None or s["at"] + batch > n:  # full batches only: every timed step has the same size
        s["order"], s["at"] = torch.randperm(n, generator=s["gen"]), 0
    idx = s["order"][s["at"]:s["at"] + batch]
    s["at"] += batch
    return s["x"][idx], s["y"][idx]


def measure(req):
    torch.set_num_threads(int(req.get("threads", VERSIONS["default_threads"])))
    s = case_state(req)
    model, opt, loss_fn = s["model"], s["opt"], torch.nn.MSELoss()
    times = []
    for i in range(int(req.get("warmup", 20)) + int(req.get("steps", 100))):
        t0 = time.perf_counter()
        xb, yb = next_batch(s, req["batch"])
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        t = time.perf_counter() - t0
        if i >= int(req.get("warmup", 20)):
            times.append(t * 1000)
    times.sort()
    return {"ms": times[len(times) // 2], "mean_ms": sum(times) / len(times), "steps": len(times),
            "threads": torch.get_num_threads(), "loss": loss.item(), **VERSIONS}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--cell", default="lstm")
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--lookback", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=VERSIONS["default_threads"])
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--steps", type=int, default=100)
    args = ap.parse_args()
    if not args.serve:
        print(json.dumps(measure(vars(args))))
        return
    print(json.dumps({"ready": True, **VERSIONS}), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(measure(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
