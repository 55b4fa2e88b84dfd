#!/usr/bin/env python3
"""PyTorch peer of the project's recurrent-module benchmark (bench/MLNet.Rnn.Benchmarks `recurrent`).

  /usr/bin/python3 eng/bench_recurrent_torch.py [--threads 2] [--cases a,b] [--repeats 9]

For each case of shared/bench/cases.json: the case's nn.LSTM/GRU/RNN (batch_first, layers, bidirectional) on
one packed batch whose lengths are spread evenly over [min_len, max_len] exactly as BenchCase.Lengths() does;
median forward time (eval, no_grad) and median forward+backward time (the gradient of sum(output * g) +
sum(h_n * g_h), input gradient included, as the project computes it). Each median is of --repeats calls after
the project's warm-up (Timing.WarmUp), so pass the --repeats the project's run got. One JSON line per case.
"""
import argparse, json, os, time, torch, torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(os.path.dirname(ROOT), "shared", "bench", "cases.json")

def lengths_of(c):
    B, lo, hi = c["batch"], c["min_len"], c["max_len"]
    return [hi if B == 1 else hi - int(round((hi - lo) * b / (B - 1))) for b in range(B)]

def ms(fn):
    t0 = time.perf_counter(); fn(); return (time.perf_counter() - t0) * 1e3

def median(values):
    # The upper median, as the project's Timing takes it, so an even number of repeats is read alike on both sides.
    return sorted(values)[len(values) // 2]

def warm_up(fn, min_calls=20, window=5, min_s=1.0, max_s=20.0):
    """The project's Timing.WarmUp: at least a second and 20 calls, then until the median of the latest five calls is
    no more than 2% below the median of the five before (or 20 s have passed), so both sides time settled code."""
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < max_s:
        times.append(ms(fn))
        if (len(times) >= min_calls and time.perf_counter() - start >= min_s
                and median(times[-window:]) >= 0.98 * median(times[-2 * window:-window])):
            return

def median_ms(repeats, fn):
    warm_up(fn)
    return median([ms(fn) for _ in range(repeats)])

def run(name, c, repeats):
    torch.manual_seed(0)
    cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[c["cell"]]
    m = cls(c["input"], c["hidden"], num_layers=c["layers"], bidirectional=c["bidirectional"], batch_first=True)
    L = lengths_of(c); T = max(L); D = 2 if c["bidirectional"] else 1
    x = torch.randn(c["batch"], T, c["input"])
    packed = pack_padded_sequence(x, torch.tensor(L), batch_first=True, enforce_sorted=False)
    g = torch.randn(packed.data.shape[0], D * c["hidden"]); gh = torch.randn(c["layers"] * D, c["batch"], c["hidden"])
    m.eval()
    def forward():
        with torch.no_grad(): m(packed)
    fwd = median_ms(repeats, forward)
    m.train()
    xg = packed.data.clone().requires_grad_(True)
    def forward_backward():
        m.zero_grad(); xg.grad = None
        p = torch.nn.utils.rnn.PackedSequence(xg, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
        out, hn = m(p)
        h = hn[0] if isinstance(hn, tuple) else hn
        ((out.data * g).sum() + (h * gh).sum()).backward()
    fb = median_ms(repeats, forward_backward)
    return dict(impl="pytorch-" + torch.__version__, case=name, threads=torch.get_num_threads(), tokens=sum(L),
                forward_ms=round(fwd, 2), forward_backward_ms=round(fb, 2))

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2); ap.add_argument("--cases"); ap.add_argument("--repeats", type=int, default=9)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    spec = {k: v for k, v in json.load(open(CASES)).items() if not k.startswith("_")}
    for name in (a.cases.split(",") if a.cases else spec):
        print(json.dumps(run(name, spec[name], a.repeats)), flush=True)
