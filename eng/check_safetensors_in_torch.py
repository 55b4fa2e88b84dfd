#!/usr/bin/env python3
"""Checks that a safetensors file written by MLNet.Rnn is a PyTorch state_dict that gives MLNet.Rnn's outputs.

  /usr/bin/python3 eng/check_safetensors_in_torch.py FILE.safetensors MODE INPUT HIDDEN LAYERS BIDIRECTIONAL EXPECTED.json

MODE is lstm, gru, rnn_tanh or rnn_relu; BIDIRECTIONAL is true or false. The file is read with struct + json
(not the safetensors package, so its bytes are checked against the format itself) and loaded with
load_state_dict(strict=True), so every name and shape must be PyTorch's. EXPECTED.json holds "input" and the C#
"output", "h_n" and, for an LSTM, "c_n", each {"shape": [...], "data": [...]}; the module runs the input in
float64 and each result must match with relative error ||ours - torch|| / ||torch|| <= 1e-5. Exits 1 on any
mismatch. Run by test/MLNet.Rnn.Tests/Serialization/PyTorchRoundTripTests.cs.
"""
import json, struct, sys
import torch

TOLERANCE = 1e-5

def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    if n % 8 != 0:
        sys.exit(f"header length {n} is not padded to a multiple of 8")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    data, tensors, end = blob[8 + n:], {}, 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
        begin, stop = entry["data_offsets"]
        if entry["dtype"] != "F32" or begin != end:
            sys.exit(f"{name}: dtype {entry['dtype']}, offsets {entry['data_offsets']} after byte {end}")
        count = (stop - begin) // 4
        tensors[name] = torch.tensor(struct.unpack_from("<%df" % count, data, begin), dtype=torch.float32).reshape(entry["shape"])
        end = stop
    if end != len(data):
        sys.exit(f"data has {len(data)} bytes, tensors cover {end}")
    return tensors

def make_module(mode, input_size, hidden, layers, bidirectional):
    if mode in ("lstm", "gru"):
        kind = torch.nn.LSTM if mode == "lstm" else torch.nn.GRU
        return kind(input_size, hidden, num_layers=layers, bidirectional=bidirectional)
    return torch.nn.RNN(input_size, hidden, num_layers=layers, bidirectional=bidirectional, nonlinearity=mode[len("rnn_"):])

def tensor(node):
    return torch.tensor(node["data"], dtype=torch.float64).reshape(node["shape"])

def main(path, mode, input_size, hidden, layers, bidirectional, expected_path):
    module = make_module(mode, int(input_size), int(hidden), int(layers), bidirectional.lower() == "true")
    module.load_state_dict(read_safetensors(path), strict=True)
    with open(expected_path) as f:
        expected = json.load(f)
    with torch.no_grad():
        output, state = module.double()(tensor(expected["input"]))
    h_n, c_n = state if mode == "lstm" else (state, None)
    failures = []
    for name, torch_value in (("output", output), ("h_n", h_n), ("c_n", c_n)):
        if torch_value is None:
            continue
        ours = tensor(expected[name])
        if list(ours.shape) != list(torch_value.shape):
            failures.append(f"{name}: shape {list(ours.shape)} != torch {list(torch_value.shape)}")
            continue
        error = ((ours - torch_value).norm() / torch_value.norm().clamp(min=1e-12)).item()
        print(f"{name}: relative error {error:.2e}")
        if not error <= TOLERANCE:
            failures.append(f"{name}: relative error {error:.2e} > {TOLERANCE:.0e}")
    if failures:
        sys.exit("; ".join(failures))

if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main(*sys.argv[1:])
