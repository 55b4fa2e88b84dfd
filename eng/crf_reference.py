#!/usr/bin/env python3
"""A linear-chain CRF in plain PyTorch, float64: the reference the managed and TorchSharp CRFs are tested against.

Written for clarity, one sequence at a time, so it shares nothing with the batched code it checks. Parameters as
pytorch-crf names them: transitions[i, j] scores tag j following tag i; start_transitions and end_transitions score the
first and the last tag. The loss is the mean over sequences of log Z - score(gold path); autograd gives the gradients.
"""
import torch


def nll(emissions, lengths, tags, start, end, transitions):
    """Mean negative log-likelihood; emissions (B, T, K) padded batch-first, tags (B, T), lengths (B,)."""
    total = 0
    for b, length in enumerate(lengths):
        e, y = emissions[b, :length], tags[b, :length]
        alpha = start + e[0]
        for t in range(1, length):
            alpha = torch.logsumexp(alpha.unsqueeze(1) + transitions, dim=0) + e[t]
        log_z = torch.logsumexp(alpha + end, dim=0)
        gold = start[y[0]] + e[torch.arange(length), y].sum() + transitions[y[:-1], y[1:]].sum() + end[y[-1]]
        total = total + log_z - gold
    return total / len(lengths)


def bio_masks(tag_names):
    """(allowed_start (K,), allowed (K, K)) for BIO tag names: I-X only after B-X or I-X, never first."""
    k = len(tag_names)
    inside = [n.startswith("I-") for n in tag_names]
    allowed_start = torch.tensor([not i for i in inside])
    allowed = torch.ones(k, k, dtype=torch.bool)
    for j in range(k):
        if inside[j]:
            for i in range(k):
                allowed[i, j] = tag_names[i] != "O" and tag_names[i][2:] == tag_names[j][2:]
    return allowed_start, allowed


def viterbi(emissions, length, start, end, transitions, masks=None):
    """The best tag path of one sequence (emissions (T, K)), forbidden starts and transitions excluded when masks given."""
    inf = torch.tensor(float("-inf"), dtype=emissions.dtype)
    if masks is not None:
        start = torch.where(masks[0], start, inf)
        transitions = torch.where(masks[1], transitions, inf)
    score = start + emissions[0]
    pointers = []
    for t in range(1, length):
        best, arg = (score.unsqueeze(1) + transitions).max(dim=0)
        pointers.append(arg)
        score = best + emissions[t]
    tag = int((score + end).argmax())
    path = [tag]
    for arg in reversed(pointers):
        tag = int(arg[tag])
        path.append(tag)
    return path[::-1]
