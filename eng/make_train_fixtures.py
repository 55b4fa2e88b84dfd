#!/usr/bin/env python3
"""Regenerates the committed train parity fixtures in test/Fixtures/train.

  /usr/bin/python3 eng/make_train_fixtures.py

Uses shared/parity/make_case.py in-process (Debian's PyTorch). Every head x loss pair appears four times,
cycling the mode (lstm, gru, rnn_tanh), the optimizer (sgd, adam, adamw), gradient clipping (off, 0.5, 5)
and the input (token ids or numeric features), so each value of each option is covered several times.
"""
import argparse, json, os, random, sys
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(ROOT), "shared", "parity"))
import make_case  # noqa: E402

HEADS = ["last", "mean", "max", "per_step"]
LOSSES = ["cross_entropy", "mse"]
MODES = ["lstm", "gru", "rnn_tanh"]
OPTIMIZERS = ["sgd", "adam", "adamw"]
CLIPS = [0.0, 0.5, 5.0, 0.0]

def make(head, loss, k, seed, out_dir):
    hi, li = HEADS.index(head), LOSSES.index(loss)
    a = argparse.Namespace(mode=MODES[(k + hi) % 3], layers=None, bidirectional=False, batch_first=True, no_bias=False,
                           packed=True, h0=False, input_size=None, hidden_size=4, batch=3, steps=4, head=head, loss=loss,
                           vocab=7 if k % 2 == 0 else None, features=None if k % 2 == 0 else 3,
                           optimizer=OPTIMIZERS[(k + hi + li) % 3], clip=CLIPS[k], train_steps=3)
    r = random.Random(seed); torch.manual_seed(seed)
    case, expected = make_case.train_case(a, r)
    case["expected"] = expected
    name = f"{head}-{loss}-{a.mode}-{a.optimizer}-clip{a.clip:g}-{'tokens' if a.vocab else 'features'}-s{seed}.json"
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(case, f, separators=(",", ":"))

if __name__ == "__main__":
    out_dir = os.path.join(ROOT, "test", "Fixtures", "train")
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    seed = 0
    for head in HEADS:
        for loss in LOSSES:
            for k in range(4):
                seed += 1
                make(head, loss, k, seed, out_dir)
    print(f"wrote {seed} fixtures to {os.path.relpath(out_dir, ROOT)}")
