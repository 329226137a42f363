#!/usr/bin/env python3
"""Keras reference of the seqpipe sine tutorial, for side-by-side timing and accuracy.

Reproduces the tutorial exactly: sin(linspace(0, 100, 1000)), min-max scaled to (0, 1) on the whole
series, windows of 10 -> next value (989 windows), first 80% (791) train, rest (198) test,
Sequential([<Cell>(50, input_shape=(10, 1)), Dense(1)]), adam + MSE, fit(epochs=50, batch_size=1).
Prints one JSON line. The size options (defaults: the tutorial) serve bench/run-bench.js's larger model.

    bench/keras/.venv/bin/python bench/keras/tutorial.py --seed 1 [--cell simpleRNN|gru|lstm] [--epochs 50] [--batch-size 1]
        [--points 1000] [--lookback 10] [--units 50] [--layers 1]
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
warnings.filterwarnings("ignore")  # Keras 3 warns about input_shape= on a layer; kept to match the tutorial

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

INTRA_THREADS, INTER_THREADS = 2, 1  # the machine has 2 cores
CELLS = {"simplernn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}


class MinMaxScaler:
    """sklearn.preprocessing.MinMaxScaler(feature_range=(0, 1)) for one column, same arithmetic."""

    def fit(self, x):
        lo, hi = x.min(axis=0), x.max(axis=0)
        self.scale_ = 1.0 / (hi - lo)
        self.min_ = 0.0 - lo * self.scale_
        return self

    def transform(self, x):
        return x * self.scale_ + self.min_

    def inverse_transform(self, x):
        return (x - self.min_) / self.scale_


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cell", default="simpleRNN", type=lambda s: s.lower(), choices=sorted(CELLS))
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--lookback", type=int, default=10)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--layers", type=int, default=1)
    args = ap.parse_args()
    tutorial = (args.points, args.lookback, args.units, args.layers) == (1000, 10, 50, 1)

    tf.config.threading.set_intra_op_parallelism_threads(INTRA_THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(INTER_THREADS)
    keras.utils.set_random_seed(args.seed)

    data = np.sin(np.linspace(0, 100, args.points))
    scaler = MinMaxScaler().fit(data.reshape(-1, 1))
    data = scaler.transform(data.reshape(-1, 1))

    time_step = args.lookback
    X, y = [], []
    for i in range(len(data) - time_step - 1):
        X.append(data[i:i + time_step])
        y.append(data[i + time_step])
    X, y = np.array(X), np.array(y)
    X = X.reshape(X.shape[0], X.shape[1], 1)
    split = int(len(X) * 0.8)
    X_train, X_test = X[:split], X[split:]
    y_train, y_test = y[:split], y[split:]
    assert not tutorial or (len(X), len(X_train), len(X_test)) == (989, 791, 198)

    Cell = CELLS[args.cell]
    if args.layers == 1:
        model = keras.Sequential([Cell(args.units, input_shape=(time_step, 1)), keras.layers.Dense(1)])
    else:  # stacked: every layer but the last returns sequences (as seqpipe's model/rnn)
        stack = [Cell(args.units, return_sequences=i < args.layers - 1) for i in range(args.layers)]
        model = keras.Sequential([keras.Input(shape=(time_step, 1)), *stack, keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mean_squared_error")

    epoch_seconds = []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            epoch_seconds.append(round(time.perf_counter() - self.t, 4))

    started = time.perf_counter()
    history = model.fit(X_train, y_train, epochs=args.epochs, batch_size=args.batch_size, verbose=0,
                        callbacks=[EpochTimer()])
    train_seconds = time.perf_counter() - started

    test_mse = float(model.evaluate(X_test, y_test, verbose=0))
    scaled_next = model.predict(X_test[-1].reshape(1, time_step, 1), verbose=0)
    steps_per_epoch = math.ceil(len(X_train) / args.batch_size)
    next_value = float(scaler.inverse_transform(scaled_next)[0, 0])
    truth = math.sin(100 * 998 / 999)

    print(json.dumps({
        "seed": args.seed,
        "cell": Cell.__name__,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "test_mse": test_mse,
        "next_value": next_value,
        "truth": truth,
        "error": next_value - truth,
        "final_train_loss": float(history.history["loss"][-1]),
        "train_seconds": round(train_seconds, 3),
        "epoch_seconds": epoch_seconds,
        "steps_per_epoch": steps_per_epoch,
        "train_windows": len(X_train),
        "test_windows": len(X_test),
        "tf_version": tf.__version__,
        "keras_version": keras.__version__,
        "python_version": sys.version.split()[0],
        "threads": {"intra_op": INTRA_THREADS, "inter_op": INTER_THREADS},
    }))


if __name__ == "__main__":
    main()
