"""PyTorch CPU reference for the global-model row of `npm run bench` (run by test/bench/global-bench.ts).

The many-series forecaster's network, written the way grulab builds it (`globalNetwork`):
a GRU stack (reset_after, as Keras and grulab compute it) over `steps` steps of `patch`
values, a Linear head of `horizon` outputs starting at zero, plus the linear highway (a
Linear map of the whole flattened window, no bias, starting at zero) added to the head's
output; Adam, MSE; one thread. It trains on the windows grulab trains on (read from a
float32 file: x `[n, steps, patch]` then y `[n, horizon]`), `batch` windows per step,
reshuffled each epoch, the last batch short when `n` is not a multiple of `batch`.

It stays up and answers one JSON line per command read from stdin, so that its epochs can
be timed in alternation with grulab's:
- at start: `{"torch", "threads", "parameters"}`;
- `epoch`: trains one epoch, `{"wallMs", "cpuMs", "loss"}` (its own wall and process CPU
  time, and the mean batch loss);
- `quit` (or end of input): exits.
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
from torch import nn


class GlobalNetwork(nn.Module):
    def __init__(self, steps: int, patch: int, units: list, horizon: int, highway: bool) -> None:
        super().__init__()
        sizes = [patch] + units
        self.grus = nn.ModuleList(nn.GRU(sizes[i], sizes[i + 1], batch_first=True) for i in range(len(units)))
        self.head = nn.Linear(units[-1], horizon)
        nn.init.zeros_(self.head.weight)  # zeroHead: the untrained network outputs 0 (plus its bias, 0 too)
        nn.init.zeros_(self.head.bias)
        self.highway = nn.Linear(steps * patch, horizon, bias=False) if highway else None
        if self.highway is not None:
            nn.init.zeros_(self.highway.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        seq = x
        for gru in self.grus:
            seq, last = gru(seq)
        out = self.head(last[0])
        if self.highway is not None:
            out = out + self.highway(x.flatten(1))
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows-file", required=True, help="float32: x [count, steps, patch] then y [count, horizon]")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--patch", type=int, required=True)
    parser.add_argument("--horizon", type=int, required=True)
    parser.add_argument("--units", required=True, help="comma-separated, e.g. 64")
    parser.add_argument("--highway", type=int, default=1)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    raw = np.fromfile(args.windows_file, dtype=np.float32)
    n_x = args.count * args.steps * args.patch
    n_y = args.count * args.horizon
    if raw.size != n_x + n_y:
        raise SystemExit(f"torch_global_bench.py: {args.windows_file} holds {raw.size} floats, expected {n_x + n_y}")
    x = torch.from_numpy(raw[:n_x].reshape(args.count, args.steps, args.patch).copy())
    y = torch.from_numpy(raw[n_x:].reshape(args.count, args.horizon).copy())
    model = GlobalNetwork(args.steps, args.patch, [int(u) for u in args.units.split(",")], args.horizon, bool(args.highway))
    # TensorFlow.js's Adam epsilon (1e-7) rather than PyTorch's 1e-8: the same update
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-7)
    loss_fn = nn.MSELoss()

    def epoch() -> float:
        order = torch.randperm(args.count)
        total = 0.0
        batches = 0
        for start in range(0, args.count, args.batch):
            idx = order[start:start + args.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        return total / batches

    def reply(obj: dict) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    reply({"torch": torch.__version__, "threads": torch.get_num_threads(), "parameters": sum(p.numel() for p in model.parameters())})
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "epoch":
            raise SystemExit(f"torch_global_bench.py: unknown command {command!r} (expected 'epoch' or 'quit')")
        cpu_start = time.process_time()
        start = time.perf_counter()
        loss = epoch()
        reply({"wallMs": (time.perf_counter() - start) * 1000, "cpuMs": (time.process_time() - cpu_start) * 1000, "loss": loss})


if __name__ == "__main__":
    main()
