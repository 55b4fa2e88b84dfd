#!/usr/bin/env python3
"""Regenerates the committed safetensors fixtures in test/Fixtures/safetensors.

  /usr/bin/python3 eng/make_safetensors_fixtures.py

For each small PyTorch module, writes its state_dict as NAME.safetensors and NAME.json: the configuration,
a fixed input, and PyTorch's output, h_n (and c_n) computed in float64 from the float32 weights, so the C#
tests measure only their own error. The files are written with struct + json, not the safetensors package,
so they show the format byte for byte (compact JSON, names sorted, header padded with spaces to 8 bytes).
dtypes.safetensors holds one tensor per non-F32 dtype the reader converts, with the float32 values PyTorch
converts them to in dtypes.json. Needs Debian's PyTorch: apt-get install -y python3-torch libopenblas0-pthread.
"""
import copy, json, os, struct
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "Fixtures", "safetensors")

# name: (mode, layers, bidirectional); input 3, hidden 4 as in the C# tests.
MODULES = {"lstm-l2-bi": ("lstm", 2, True), "gru-l1-bi": ("gru", 1, True), "rnn_relu-l2-uni": ("rnn_relu", 2, False)}
STEPS, BATCH, INPUT, HIDDEN = 5, 2, 3, 4

# dtype name -> (torch dtype, struct code of its little-endian bits)
DTYPES = {"F32": (torch.float32, "f"), "F64": (torch.float64, "d"), "F16": (torch.float16, "h"), "BF16": (torch.bfloat16, "h")}

def tensor_bytes(t):
    dtype, code = {v[0]: (k, v[1]) for k, v in DTYPES.items()}[t.dtype]
    flat = t.detach().contiguous().flatten()
    if code == "h":  # half types: pack their raw 16-bit patterns
        flat = flat.view(torch.int16)
    return dtype, struct.pack("<%d%s" % (flat.numel(), code), *flat.tolist())

def write_safetensors(path, tensors, metadata):
    header, blobs, offset = ({"__metadata__": metadata} if metadata else {}), [], 0
    for name in sorted(tensors):
        dtype, data = tensor_bytes(tensors[name])
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))

def make_module(mode, layers, bidirectional):
    kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}.get(mode)
    if kind is not None:
        return kind(INPUT, HIDDEN, num_layers=layers, bidirectional=bidirectional)
    return torch.nn.RNN(INPUT, HIDDEN, num_layers=layers, bidirectional=bidirectional, nonlinearity=mode[len("rnn_"):])

def as_json(t):
    return {"shape": list(t.shape), "data": t.detach().double().flatten().tolist()}

def make_case(name, mode, layers, bidirectional, seed):
    torch.manual_seed(seed)
    module = make_module(mode, layers, bidirectional)
    write_safetensors(os.path.join(OUT, name + ".safetensors"), dict(module.state_dict()), {"format": "pt"})
    x = torch.randn(STEPS, BATCH, INPUT)
    with torch.no_grad():
        output, state = copy.deepcopy(module).double()(x.double())
    h_n, c_n = state if mode == "lstm" else (state, None)
    case = {"mode": mode, "input_size": INPUT, "hidden_size": HIDDEN, "num_layers": layers, "bidirectional": bidirectional,
            "input": as_json(x), "output": as_json(output), "h_n": as_json(h_n), "c_n": None if c_n is None else as_json(c_n)}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(case, f, separators=(",", ":"))

def make_dtypes():
    torch.manual_seed(99)
    values = torch.randn(2, 3, dtype=torch.float64) * 100
    tensors = {"f64": values, "f16": values.to(torch.float16), "bf16": values.to(torch.bfloat16), "f32": values.float()}
    write_safetensors(os.path.join(OUT, "dtypes.safetensors"), tensors, {})
    expected = {name: as_json(t.float()) for name, t in tensors.items()}  # PyTorch's own conversion to float32
    with open(os.path.join(OUT, "dtypes.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    for seed, (name, (mode, layers, bidirectional)) in enumerate(MODULES.items(), start=1):
        make_case(name, mode, layers, bidirectional, seed)
    make_dtypes()
    print(f"wrote {len(os.listdir(OUT))} files to {os.path.relpath(OUT, ROOT)}")
