#!/usr/bin/env python3
"""Writes the weights of the models shared/bench/ort_peer/export.py exports, as CASE.safetensors in the current folder.

  /usr/bin/python3 eng/onnx_peer_weights.py SHARED_DIR     (eng/export_onnx_peer.sh runs it beside export.py)

export.py initialises each case's model with PyTorch's defaults after torch.manual_seed(0) and keeps no other copy of
the weights than the ONNX graph, where the recurrent ones are re-ordered into ONNX's gate order. Building the same model
the same way gives them under PyTorch's names, which the benchmark loads into the managed engine to check that ONNX
Runtime computes the same function (ThroughputBenchmark). Should export.py ever seed differently, that check fails.
"""
import os, sys, torch

sys.path.insert(0, os.path.join(os.path.abspath(sys.argv[1]), "bench"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_peer as tp
from make_safetensors_fixtures import write_safetensors

for name, case in tp.CASES.items():
    cell, vocab, in_dim, hidden, layers, bidir, B, lo, hi, head, per_step = case
    torch.manual_seed(0)
    m = tp.Model(cell, vocab, in_dim, hidden, layers, bidir, head, per_step)
    # torch_peer.py names the embedding embed; SequenceModel names it embedding (the rnn. and head. names agree).
    tensors = {("embedding." + k[len("embed."):] if k.startswith("embed.") else k): v for k, v in m.state_dict().items()}
    write_safetensors(f"{name}.safetensors", tensors, {"format": "pt"})
