"""Shared by the PyTorch benchmarks: the tutorial's data (as bench/keras/tutorial.py cuts it) and
the model seqpipe's model/rnn builds (stacked cells, the last layer's final state into a linear head)."""
import os
import platform
import sys

import numpy as np
import torch

CELLS = {"simplernn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def sine_windows(points=1000, lookback=10):
    """sin(linspace(0, 100, points)) min-max scaled, windows of `lookback` -> next value,
    range(len - lookback - 1) as the tutorial; first 80% train. float32 [n, lookback, 1] and [n, 1]."""
    data = np.sin(np.linspace(0, 100, points))
    data = (data - data.min()) / (data.max() - data.min())
    n = len(data) - lookback - 1
    x = np.stack([data[i:i + lookback] for i in range(n)]).astype(np.float32)[:, :, None]
    y = data[lookback:lookback + n].astype(np.float32)[:, None]
    split = int(n * 0.8)
    return (torch.from_numpy(x[:split]), torch.from_numpy(y[:split])), (torch.from_numpy(x[split:]), torch.from_numpy(y[split:]))


class Net(torch.nn.Module):
    """<Cell>(units) × layers (batch first, tanh for SimpleRNN) + Linear(outputs) on the last step."""

    def __init__(self, cell, units, layers=1, features=1, outputs=1):
        super().__init__()
        self.rnn = CELLS[cell.lower()](features, units, num_layers=layers, batch_first=True)
        self.head = torch.nn.Linear(units, outputs)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def peak_rss_mb():
    """VmHWM of this process (peak resident set), MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def versions():
    return {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
            "default_threads": torch.get_num_threads(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "mkldnn": torch.backends.mkldnn.is_available()}
