"""PyTorch CPU reference for `npm run bench` (run by test/bench/run-bench.ts with /usr/bin/python3).

Lesson 04's model (GRU(50, return_sequences) -> GRU(50) -> Dense(1), Adam, MSE) on the
same batch the TypeScript side times (read from a float32 file), one thread; and lesson
01's toy model (GRU(50, relu) -> Dense(1), 200 epochs of 3 samples). Prints one JSON line.

PyTorch's nn.GRU is fixed to tanh and reset_after (Keras reset_after=True); the toy
model's relu GRU is therefore written as a GRU cell loop, as Keras computes it.
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
from torch import nn


class Lesson04(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.gru1 = nn.GRU(1, 50, batch_first=True)
        self.gru2 = nn.GRU(50, 50, batch_first=True)
        self.dense = nn.Linear(50, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        seq, _ = self.gru1(x)
        _, last = self.gru2(seq)
        return self.dense(last[0])


class ReluGru(nn.Module):
    """GRU(50, activation='relu') -> Dense(1), Keras's equations step by step."""

    def __init__(self, units: int = 50) -> None:
        super().__init__()
        self.units = units
        self.inp = nn.Linear(1, 3 * units)
        self.rec = nn.Linear(units, 3 * units)
        self.dense = nn.Linear(units, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x.new_zeros(x.shape[0], self.units)
        proj = self.inp(x)
        for t in range(x.shape[1]):
            xz, xr, xh = proj[:, t].chunk(3, 1)
            hz, hr, hh = self.rec(h).chunk(3, 1)
            z = torch.sigmoid(xz + hz)
            r = torch.sigmoid(xr + hr)
            cand = torch.relu(xh + r * hh)
            h = z * h + (1 - z) * cand
        return self.dense(h)


def median_ms(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-file", required=True, help="float32: x [batch, steps, 1] then y [batch]")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    raw = np.fromfile(args.batch_file, dtype=np.float32)
    n = args.batch * args.steps
    x = torch.from_numpy(raw[:n].reshape(args.batch, args.steps, 1).copy())
    y = torch.from_numpy(raw[n:n + args.batch].reshape(args.batch, 1).copy())

    model = Lesson04()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()

    def train_step() -> None:
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    def forward() -> None:
        with torch.no_grad():
            model(x)

    train_ms = median_ms(train_step, args.repeats)
    forward_ms = median_ms(forward, args.repeats)

    toy_x = torch.tensor([[1, 2, 3], [2, 3, 4], [3, 4, 5]], dtype=torch.float32).reshape(3, 3, 1)
    toy_y = torch.tensor([[4], [5], [6]], dtype=torch.float32)
    toy = ReluGru()
    toy_opt = torch.optim.Adam(toy.parameters(), lr=1e-3)
    start = time.perf_counter()
    for _ in range(200):
        toy_opt.zero_grad()
        loss_fn(toy(toy_x), toy_y).backward()
        toy_opt.step()
    toy_ms = (time.perf_counter() - start) * 1000

    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "trainMs": train_ms,
        "forwardMs": forward_ms,
        "toy200EpochsMs": toy_ms,
    }))


if __name__ == "__main__":
    main()
