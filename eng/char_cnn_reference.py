#!/usr/bin/env python3
"""A word's character features in plain PyTorch, float64: the reference the managed and TorchSharp character CNNs are
tested against.

One word at a time, so it shares nothing with the batched code it checks: the word's character embeddings through
torch.nn.functional.conv1d (width 3, zero padding of 1 on each side), then the maximum over the word's positions. A word
without characters has zero features. Parameters as the model names them: char_embedding.weight (characters,
embedding), char_cnn.weight (filters, embedding, 3), char_cnn.bias (filters).
"""
import torch
import torch.nn.functional as F


def features(words, embedding, weight, bias):
    """(words, filters): each word's features; words is a list of lists of character ids."""
    rows = []
    for chars in words:
        if not chars:
            rows.append(torch.zeros(weight.shape[0], dtype=weight.dtype))
            continue
        x = embedding[torch.tensor(chars)].T.unsqueeze(0)
        rows.append(F.conv1d(x, weight, bias, padding=1)[0].max(dim=1).values)
    return torch.stack(rows)
