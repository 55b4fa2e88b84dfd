#!/usr/bin/env python3
"""Regenerates the committed recurrent parity fixtures in test/Fixtures/recurrent, the CRF ones in test/Fixtures/crf and
the character CNN ones in test/Fixtures/char_cnn.

  /usr/bin/python3 eng/make_parity_fixtures.py

Uses shared/parity/make_case.py in-process (Debian's PyTorch: apt-get install -y python3-torch
libopenblas0-pthread). The grid crosses every mode with 1-3 layers, and for each of those four
configurations of the flags so that every flag is seen both on and off within each mode (bidirectional,
packed, batch-first, bias, given initial state). make_case draws unset flags at random, so for each target
the first seed whose draws give exactly that configuration is kept: the result is deterministic.

A CRF fixture (eng/crf_reference.py computes it): tag_names, lengths (B,), emissions (B, T, K) padded batch-first,
tags (B, T) padded with 0, start_transitions, end_transitions, transitions (from, to); expected: loss (mean NLL over
sequences), its gradients grad_emissions (zero at padding), grad_start_transitions, grad_end_transitions,
grad_transitions, and each sequence's Viterbi path, unconstrained (viterbi) and within the BIO masks (viterbi_bio).

A character CNN fixture (eng/char_cnn_reference.py computes it): words (lists of character ids, one empty),
characters, char_embedding (characters, embedding), char_cnn_weight (filters, embedding, 3), char_cnn_bias, and
grad_output (words, filters), the upstream gradient; expected: features (words, filters) and the gradients of
sum(features * grad_output) with respect to the three parameters.
"""
import argparse, itertools, json, os, random, sys
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(ROOT), "shared", "parity"))
import make_case  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crf_reference  # noqa: E402
import char_cnn_reference  # noqa: E402

CRF_TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
# (sequences, lengths): one sequence of one step, equal lengths, and a packed batch of varied lengths with a single step.
CRF_BATCHES = [[1], [4, 4], [5, 2, 7, 1, 3]]
# (characters, embedding, filters, word lengths): a one-character word, an empty word, repeats of characters, long words.
CHAR_CNN_CASES = [(4, 3, 2, [1, 0, 3]), (7, 5, 4, [2, 6, 1, 4, 9]), (30, 25, 30, [5, 20, 3, 0, 11, 7])]

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

def tensor(t):
    return {"shape": list(t.shape), "data": t.flatten().tolist()}


def make_char_cnn(seed, characters, embedding_size, filters, lengths, out_dir):
    generator = torch.Generator().manual_seed(seed)
    words = [torch.randint(characters, (n,), generator=generator).tolist() for n in lengths]
    embedding = torch.randn(characters, embedding_size, generator=generator, dtype=torch.float64, requires_grad=True)
    weight = (torch.rand(filters, embedding_size, 3, generator=generator, dtype=torch.float64) - 0.5).requires_grad_()
    bias = (torch.rand(filters, generator=generator, dtype=torch.float64) - 0.5).requires_grad_()
    grad_output = torch.randn(len(words), filters, generator=generator, dtype=torch.float64)
    out = char_cnn_reference.features(words, embedding, weight, bias)
    (out * grad_output).sum().backward()
    case = {"kind": "char_cnn", "words": words, "characters": characters, "char_embedding": tensor(embedding.detach()),
            "char_cnn_weight": tensor(weight.detach()), "char_cnn_bias": tensor(bias.detach()), "grad_output": tensor(grad_output),
            "expected": {"features": tensor(out.detach()), "grad_char_embedding": tensor(embedding.grad),
                         "grad_char_cnn_weight": tensor(weight.grad), "grad_char_cnn_bias": tensor(bias.grad)}}
    name = f"char-cnn-w{len(words)}-s{seed}.json"
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(case, f, separators=(",", ":"))
    return name


def make_crf(seed, lengths, out_dir):
    torch.manual_seed(seed)
    k, steps = len(CRF_TAGS), max(lengths)
    # Scores a few units wide, so the best path often breaks the BIO rules and the constrained one differs.
    emissions = (torch.randn(len(lengths), steps, k, dtype=torch.float64) * 2).requires_grad_()
    tags = torch.randint(0, k, (len(lengths), steps))
    for b, length in enumerate(lengths):
        tags[b, length:] = 0
    params = [(torch.randn(*shape, dtype=torch.float64)).requires_grad_() for shape in [(k,), (k,), (k, k)]]
    loss = crf_reference.nll(emissions, lengths, tags, *params)
    loss.backward()
    masks = crf_reference.bio_masks(CRF_TAGS)
    with torch.no_grad():
        paths = [crf_reference.viterbi(emissions[b], n, *params) for b, n in enumerate(lengths)]
        constrained = [crf_reference.viterbi(emissions[b], n, *params, masks=masks) for b, n in enumerate(lengths)]
    case = {"kind": "crf", "tag_names": CRF_TAGS, "lengths": lengths, "emissions": tensor(emissions.detach()), "tags": tensor(tags),
            "start_transitions": tensor(params[0].detach()), "end_transitions": tensor(params[1].detach()), "transitions": tensor(params[2].detach()),
            "expected": {"loss": loss.item(), "grad_emissions": tensor(emissions.grad), "grad_start_transitions": tensor(params[0].grad),
                         "grad_end_transitions": tensor(params[1].grad), "grad_transitions": tensor(params[2].grad),
                         "viterbi": paths, "viterbi_bio": constrained}}
    name = f"crf-b{len(lengths)}-s{seed}.json"
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(case, f, separators=(",", ":"))
    return name

if __name__ == "__main__":
    crf_dir = os.path.join(ROOT, "test", "Fixtures", "crf")
    os.makedirs(crf_dir, exist_ok=True)
    crf_names = [make_crf(seed, lengths, crf_dir) for seed, lengths in enumerate(CRF_BATCHES, start=1)]
    print(f"wrote {len(crf_names)} fixtures to {os.path.relpath(crf_dir, ROOT)}")
    char_dir = os.path.join(ROOT, "test", "Fixtures", "char_cnn")
    os.makedirs(char_dir, exist_ok=True)
    char_names = [make_char_cnn(seed, *case, char_dir) for seed, case in enumerate(CHAR_CNN_CASES, start=1)]
    print(f"wrote {len(char_names)} fixtures to {os.path.relpath(char_dir, ROOT)}")
    out_dir = os.path.join(ROOT, "test", "Fixtures", "recurrent")
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    names = [make(m, l, v, out_dir) for m in MODES for l in (1, 2, 3) for v in VARIANTS]
    print(f"wrote {len(names)} fixtures to {os.path.relpath(out_dir, ROOT)}")
