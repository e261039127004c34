#!/usr/bin/env python3
"""Float64 re-implementation of lesson 01's toy program, to check grulab's port of it.

Reads, on stdin, the JSON that scripts/toy-sequence-export.ts writes (the initial weights of
GRU(50, relu) -> Dense(1) for one seed, the 3 sequences, grulab's predictions after training),
trains the same model with Keras's GRU equations (reset_after=True, sigmoid gates, update gate
keeping the past) and TensorFlow.js's Adam (epsilon 1e-7) in float64 with PyTorch autograd, one
full batch per epoch, and prints both sets of predictions and their largest difference.

    npx tsx scripts/toy-sequence-export.ts --seed 70 | /usr/bin/python3 scripts/toy-sequence-float64.py

Needs Debian's python3-torch (apt-get install python3-torch); it is a reference, not part of npm ci.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def keras_gru_relu(x, kernel, recurrent_kernel, bias):
    """Keras GRU(activation='relu', reset_after=True) over x [batch, time, features]; the last state."""
    units = recurrent_kernel.shape[0]
    h = torch.zeros(x.shape[0], units)
    for t in range(x.shape[1]):
        xp = x[:, t] @ kernel + bias[0]          # input projections of the three blocks z, r, h
        hp = h @ recurrent_kernel + bias[1]      # recurrent projections (with the recurrent bias row)
        z = torch.sigmoid(xp[:, :units] + hp[:, :units])                      # update gate
        r = torch.sigmoid(xp[:, units:2 * units] + hp[:, units:2 * units])    # reset gate
        candidate = torch.relu(xp[:, 2 * units:] + r * hp[:, 2 * units:])     # reset after the product
        h = z * h + (1 - z) * candidate          # previous and candidate state mixed by the update gate
    return h


def main():
    run = json.load(sys.stdin)
    w = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True) for name, value in run['weights'].items()}
    x = torch.tensor(run['X'], dtype=torch.float64).unsqueeze(-1)
    y = torch.tensor(run['y'], dtype=torch.float64).unsqueeze(-1)
    params = list(w.values())
    # TensorFlow.js's Adam: m and v with bias correction, epsilon added to sqrt(v_hat).
    lr, beta1, beta2, eps = run['learningRate'], 0.9, 0.999, 1e-7
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]

    def predict():
        return keras_gru_relu(x, w['kernel'], w['recurrentKernel'], w['bias']) @ w['denseKernel'] + w['denseBias']

    for step in range(1, run['epochs'] + 1):
        loss = torch.mean((predict() - y) ** 2)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g, mi, vi in zip(params, grads, m, v):
                mi.mul_(beta1).add_((1 - beta1) * g)
                vi.mul_(beta2).add_((1 - beta2) * g * g)
                m_hat = mi / (1 - beta1 ** step)
                v_hat = vi / (1 - beta2 ** step)
                p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
    with torch.no_grad():
        reference = predict().squeeze(-1).tolist()
    ours = run['grulab']['predictions']
    difference = max(abs(a - b) for a, b in zip(reference, ours))
    print(f"seed {run['seed']}, {run['epochs']} epochs")
    print(f"float64 reference (PyTorch): [{', '.join(f'{v:.5f}' for v in reference)}]")
    print(f"grulab (float32, wasm):      [{', '.join(f'{v:.5f}' for v in ours)}]")
    print(f"largest difference: {difference:.2e}")


if __name__ == '__main__':
    main()
