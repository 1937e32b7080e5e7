"""Time one training step of the NumPy MLP against torch eager on the same network.

One step = forward + MSE loss gradient + backward + Adam update, input 1-D → output 1, tanh
hidden layers, for depth × width × points in SHAPES, float32 and float64, BLAS capped at one
thread (as in the app). Where torch is importable the same network is timed in torch eager
(torch.optim.Adam, F.mse_loss) in this process, interleaved with the NumPy runs so both see
the same machine load, and the table shows numpy/torch. Prints a table, then JSON.

The NumPy net is built with ``keep_preactivations=False``: like torch's autograd for Tanh, it
keeps only each activation's output (a training loop that reads no layer statistics).

Usage::

    .venv/bin/python benchmarks/core.py [--json] [--repeats 200] [--warmup 20]
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/core.py

The target is numpy/torch ≤ 0.7 at every shape in float32.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.core.mlp import MLP

SHAPES = [(2, 16, 500), (4, 32, 1000), (10, 64, 1000), (32, 64, 1000)]  # depth, width, points
LR = 1e-3


class InlineAdam:
    """torch.optim.Adam's update (defaults, no weight decay) on one flat vector."""

    def __init__(self, n, dtype, lr=LR, betas=(0.9, 0.999), eps=1e-8):
        self.lr, (self.b1, self.b2), self.eps, self.t = lr, betas, eps, 0
        self.m, self.v = np.zeros(n, dtype), np.zeros(n, dtype)
        self.tmp = np.empty(n, dtype)

    def step(self, params, grads):
        (p,), (g,) = params, grads
        self.t += 1
        m, v, tmp = self.m, self.v, self.tmp
        m *= self.b1
        m += (1 - self.b1) * g
        v *= self.b2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.b2
        v += tmp
        bc1, bc2 = 1 - self.b1**self.t, 1 - self.b2**self.t
        np.sqrt(v, out=tmp)
        tmp /= bc2**0.5
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= -self.lr / bc1
        p += tmp


def make_numpy_step(depth, width, points, dtype, rng):
    # like torch's autograd for Tanh, keep only the activations' outputs
    net = MLP([1] + [width] * depth + [1], "tanh", dtype=dtype, seed=0, keep_preactivations=False)
    x = rng.uniform(-1, 1, (points, 1)).astype(dtype)
    t = np.sin(3 * x).astype(dtype)
    try:
        from explorer.core import optimizers

        opt, adam_name = optimizers.get("adam", lr=LR), "explorer.core.optimizers"
    except ImportError:
        opt, adam_name = InlineAdam(net.n_params, dtype), "inline"
    params, grads = [net.flat_params], [net.flat_grads]
    scale = 2.0 / t.size

    def step():
        y = net.forward(x)
        y -= t
        y *= scale  # dL/dy of mean((y - t)²), in the net's dtype
        net.backward(y)
        opt.step(params, grads)

    return step, adam_name


def make_torch_step(torch, depth, width, points, dtype, rng):
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    layers, fan_in = [], 1
    for _ in range(depth):
        layers += [torch.nn.Linear(fan_in, width), torch.nn.Tanh()]
        fan_in = width
    model = torch.nn.Sequential(*layers, torch.nn.Linear(fan_in, 1)).to(tdtype)
    x = torch.from_numpy(rng.uniform(-1, 1, (points, 1))).to(tdtype)
    t = torch.sin(3 * x)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    mse = torch.nn.functional.mse_loss

    def step():
        opt.zero_grad()
        mse(model(x), t).backward()
        opt.step()

    return step


def median_ms(times_ns):
    return statistics.median(times_ns) / 1e6


def run(args):
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    rows = []
    for dtype in (np.float32, np.float64):
        for depth, width, points in SHAPES:
            np_step, adam_name = make_numpy_step(depth, width, points, dtype, rng)
            steps = {"numpy": np_step}
            if torch is not None:
                steps["torch"] = make_torch_step(torch, depth, width, points, dtype, rng)
            for fn in steps.values():
                for _ in range(args.warmup):
                    fn()
            times = {k: [] for k in steps}
            for _ in range(args.repeats):  # interleaved: both see the same machine load
                for k, fn in steps.items():
                    t0 = time.perf_counter_ns()
                    fn()
                    times[k].append(time.perf_counter_ns() - t0)
            row = {
                "dtype": np.dtype(dtype).name,
                "depth": depth,
                "width": width,
                "points": points,
                "numpy_ms": median_ms(times["numpy"]),
                "numpy_adam": adam_name,
            }
            if torch is not None:
                row["torch_ms"] = median_ms(times["torch"])
                row["ratio"] = row["numpy_ms"] / row["torch_ms"]
            rows.append(row)
            print_row(row, flush=True)
    return rows


def print_row(row, flush=False):
    shape = f"{row['depth']}×{row['width']}×{row['points']}"
    line = f"{row['dtype']:8s} {shape:>12s} {row['numpy_ms']:10.3f}"
    if "torch_ms" in row:
        line += f" {row['torch_ms']:10.3f} {row['ratio']:8.2f}"
    print(line, flush=flush)


def environment():
    blas = [
        {k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
        for i in threadpool_info()
    ]
    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch_version,
        "blas": blas,
        "env": env,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print only the JSON")
    parser.add_argument("--repeats", type=int, default=200, help="timed steps per shape")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first")
    args = parser.parse_args(argv)
    with threadpool_limits(1):
        env = environment()
        if not args.json:
            print(f"BLAS: {env['blas']}")
            print(f"env: {env['env']}  numpy {env['numpy']}  torch {env['torch']}")
            print("one forward+backward+Adam step, median ms (1 BLAS thread)")
            print(f"{'dtype':8s} {'d×w×N':>12s} {'numpy':>10s} {'torch':>10s} {'np/torch':>8s}")
            rows = run(args)
        else:
            import contextlib
            import io

            with contextlib.redirect_stdout(io.StringIO()):
                rows = run(args)
    print(json.dumps({"environment": env, "results": rows}, indent=1))


if __name__ == "__main__":
    main()
