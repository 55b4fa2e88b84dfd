#!/usr/bin/env python3
"""Times float32 torch.mm (OpenBLAS/MKL-DNN behind PyTorch) on the SGEMM shapes of SgemmBenchmark.cs.

Prints one JSON line per shape with the same fields as the C# benchmark ("impl":"pytorch").
Usage: /usr/bin/python3 eng/bench_sgemm_torch.py [--threads 2] [--repeats 15]
"""
import argparse
import json
import time

import torch

# (m, n, k, trans): C[m x n] = op(A)[m x k] op(B)[k x n]; "T" means the operand is stored transposed.
SHAPES = [
    (1024, 1024, 1024, "NN"),
    (64, 1024, 256, "NT"),
    (64, 256, 1024, "NN"),
    (1024, 256, 2048, "TN"),
    (32, 1536, 512, "NT"),
]


def operand(rows, cols, transposed):
    # A transposed operand is stored (cols x rows) and viewed through .t(), as the C# side reads it.
    return torch.randn(cols, rows).t() if transposed else torch.randn(rows, cols)


def measure(m, n, k, trans, repeats):
    a = operand(m, k, trans[0] == "T")
    b = operand(k, n, trans[1] == "T")
    c = torch.empty(m, n)
    flops = 2.0 * m * n * k
    inner = max(1, int(2e8 // flops))  # keep each timed sample around 0.1 s or longer for small shapes
    for _ in range(3):
        torch.mm(a, b, out=c)
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            torch.mm(a, b, out=c)
        samples.append((time.perf_counter() - t0) / inner)
    samples.sort()
    return flops / samples[0] / 1e9, flops / samples[len(samples) // 2] / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for m, n, k, trans in SHAPES:
        best, median = measure(m, n, k, trans, args.repeats)
        print(json.dumps({"impl": "pytorch", "kernel": "sgemm", "m": m, "n": n, "k": k, "trans": trans,
                          "threads": args.threads, "gflops": round(best, 1), "gflops_median": round(median, 1)}))


if __name__ == "__main__":
    main()
