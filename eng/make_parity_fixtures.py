#!/usr/bin/env python3
"""Regenerates the committed recurrent parity fixtures in test/Fixtures/recurrent.

  /usr/bin/python3 eng/make_parity_fixtures.py

Uses shared/parity/make_case.py in-process (Debian's PyTorch: apt-get install -y python3-torch
libopenblas0-pthread). The grid crosses every mode with 1-3 layers, and for each of those four
configurations of the flags so that every flag is seen both on and off within each mode (bidirectional,
packed, batch-first, bias, given initial state). make_case draws unset flags at random, so for each target
the first seed whose draws give exactly that configuration is kept: the result is deterministic.
"""
import argparse, itertools, json, os, random, sys
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(ROOT), "shared", "parity"))
import make_case  # noqa: E402

MODES = ["lstm", "gru", "rnn_tanh", "rnn_relu"]
# (bidirectional, packed, batch_first, bias, h0): each column is on twice and off twice.
VARIANTS = [(False, False, False, True, False), (True, True, False, True, True),
            (False, True, True, False, True), (True, False, True, True, False)]

def make(mode, layers, variant, out_dir):
    bidi, packed, batch_first, bias, h0 = variant
    for seed in itertools.count(1):
        a = argparse.Namespace(mode=mode, layers=layers, bidirectional=bidi, batch_first=batch_first, no_bias=not bias,
                               packed=packed, h0=h0, input_size=3, hidden_size=4, batch=3, steps=5)
        r = random.Random(seed); torch.manual_seed(seed)
        case, expected = make_case.recurrent_case(a, r)
        got = (case["bidirectional"], case["lengths"] is not None, case["batch_first"], case["bias"], case["h0"] is not None)
        if got == variant:
            break
    case["kind"] = "recurrent"; case["expected"] = expected
    name = "-".join([mode, f"l{layers}", "bi" if bidi else "uni", "packed" if packed else "padded",
                     "bf" if batch_first else "tf", "bias" if bias else "nobias", "h0" if h0 else "zero"]) + f"-s{seed}.json"
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(case, f, separators=(",", ":"))
    return name

if __name__ == "__main__":
    out_dir = os.path.join(ROOT, "test", "Fixtures", "recurrent")
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    names = [make(m, l, v, out_dir) for m in MODES for l in (1, 2, 3) for v in VARIANTS]
    print(f"wrote {len(names)} fixtures to {os.path.relpath(out_dir, ROOT)}")
