"""Tables for docs/benchmarks.md from one sitting of eng/bench_sitting.sh: medians over the rounds, ranges in brackets,
and the ratios issue 11 asks for (the managed engine over libtorch 2.10 and ONNX Runtime), and issue 17's (our models
exported with ConvertToOnnx, in ONNX Runtime, beside the managed engine). A folder with only exported.jsonl (the
exported suite run alone) gives only that table.

  /usr/bin/python3 eng/bench_tables.py FOLDER
"""
import collections, json, os, statistics, sys

CASES = ["sentiment-bilstm", "charlm-gru", "charlm-rnn", "tagger-bilstm2", "forecast-gru2"]
PEERS = {"mlnet-rnn-managed": "managed", "libtorch-2.10-torchsharp": "libtorch", "onnxruntime-1.31.1": "ort"}


def lines(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.startswith("{")]


def collect(folder):
    values = collections.defaultdict(list)
    for row in lines(f"{folder}/throughput.jsonl") + lines(f"{folder}/torch.jsonl"):
        impl = "pytorch" if row["impl"].startswith("pytorch") else PEERS.get(row["impl"])
        if impl is None or "skipped" in row:
            continue
        for key in ("train_tokens_per_s", "infer_tokens_per_s", "latency_ms_p50"):
            if key in row:
                values[(row["case"], impl, key)].append(row[key])
    return values


def exported(folder):
    """Our models as ConvertToOnnx writes them, in ONNX Runtime, beside the managed engine (eng/bench_sitting.sh's exported.jsonl)."""
    values = collections.defaultdict(list)
    for row in lines(f"{folder}/exported.jsonl"):
        impl = "managed" if row["impl"] == "mlnet-rnn-managed" else "exported"
        for key in ("infer_tokens_per_s", "latency_ms_p50"):
            values[(row["case"], impl, key)].append(row[key])
    cell = lambda v, fmt: f"{fmt(statistics.median(v))} ({fmt(min(v))}-{fmt(max(v))})"
    median = lambda case, impl, key: statistics.median(values[(case, impl, key)])
    tokens, ms = (lambda x: f"{x:,.0f}"), (lambda x: f"{x:.3f}")
    print("Our models exported with ConvertToOnnx, in ONNX Runtime 1.31.1:\n")
    print("| case | batched tokens/s: managed | exported, ONNX Runtime | managed / exported | latency ms: managed | exported, ONNX Runtime | exported / managed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for c in CASES:
        infer, latency = "infer_tokens_per_s", "latency_ms_p50"
        print(f"| {c} | {cell(values[(c, 'managed', infer)], tokens)} | {cell(values[(c, 'exported', infer)], tokens)} | "
              f"{median(c, 'managed', infer) / median(c, 'exported', infer):.2f}x | {cell(values[(c, 'managed', latency)], ms)} | "
              f"{cell(values[(c, 'exported', latency)], ms)} | {median(c, 'exported', latency) / median(c, 'managed', latency):.2f}x |")


def main(folder):
    if os.path.exists(f"{folder}/exported.jsonl"):
        exported(folder)
        print()
    if not os.path.exists(f"{folder}/throughput.jsonl"):
        return
    values = collect(folder)
    median = lambda case, impl, key: statistics.median(values[(case, impl, key)])
    tokens, ms = (lambda x: f"{x:,.0f}"), (lambda x: f"{x:.3f}")

    def cell(case, impl, key, fmt):
        v = values.get((case, impl, key))
        return f"{fmt(statistics.median(v))} ({fmt(min(v))}-{fmt(max(v))})" if v else "-"

    print("Training tokens/s:\n")
    print("| case | managed | libtorch 2.10 | PyTorch 1.13 | managed / libtorch |")
    print("| --- | --- | --- | --- | --- |")
    for c in CASES:
        key = "train_tokens_per_s"
        ratio = median(c, "managed", key) / median(c, "libtorch", key)
        print(f"| {c} | {cell(c, 'managed', key, tokens)} | {cell(c, 'libtorch', key, tokens)} | {cell(c, 'pytorch', key, tokens)} | {ratio:.2f}x |")

    print("\nBatched inference tokens/s:\n")
    print("| case | managed | libtorch 2.10 | ONNX Runtime 1.31.1 | PyTorch 1.13 | managed / libtorch | managed / ONNX Runtime |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for c in CASES:
        key = "infer_tokens_per_s"
        ours = median(c, "managed", key)
        print(f"| {c} | {cell(c, 'managed', key, tokens)} | {cell(c, 'libtorch', key, tokens)} | {cell(c, 'ort', key, tokens)} | "
              f"{cell(c, 'pytorch', key, tokens)} | {ours / median(c, 'libtorch', key):.2f}x | {ours / median(c, 'ort', key):.2f}x |")

    print("\nOne-sequence latency, ms:\n")
    print("| case | managed | libtorch 2.10 | ONNX Runtime 1.31.1 | PyTorch 1.13 | managed / the faster peer |")
    print("| --- | --- | --- | --- | --- | --- |")
    for c in CASES:
        key = "latency_ms_p50"
        best = min(median(c, "libtorch", key), median(c, "ort", key))
        print(f"| {c} | {cell(c, 'managed', key, ms)} | {cell(c, 'libtorch', key, ms)} | {cell(c, 'ort', key, ms)} | "
              f"{cell(c, 'pytorch', key, ms)} | {median(c, 'managed', key) / best:.2f}x |")

    print("\nOne row through ML.NET's prediction engine:\n")
    print("| case | engine's own latency, ms | `Predict(input, ref output)`, ms | Predict / engine | bytes allocated per Predict |")
    print("| --- | --- | --- | --- | --- |")
    for r in lines(f"{folder}/prediction.jsonl"):
        print(f"| {r['case']} | {r['engine_latency_ms_p50']:.3f} | {r['predict_latency_ms_p50']:.3f} | {r['predict_over_engine']:.2f} | "
              f"{r['allocated_bytes_per_predict']:.0f} |")

    print("\nThe recurrent module alone, ms:\n")
    torch = {r["case"]: r for r in lines(f"{folder}/recurrent_torch.jsonl")}
    print("| case | tokens | forward: ours | PyTorch 1.13 | speed-up | fwd+bwd: ours | PyTorch 1.13 | speed-up | ours GFLOP/s fwd / fwd+bwd |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for o in lines(f"{folder}/recurrent.jsonl"):
        t = torch[o["case"]]
        print(f"| {o['case']} | {o['tokens']} | {o['forward_ms']:.2f} | {t['forward_ms']:.2f} | {t['forward_ms'] / o['forward_ms']:.1f}x | "
              f"{o['forward_backward_ms']:.2f} | {t['forward_backward_ms']:.2f} | {t['forward_backward_ms'] / o['forward_backward_ms']:.1f}x | "
              f"{o['forward_gflops']:.0f} / {o['forward_backward_gflops']:.0f} |")


if __name__ == "__main__":
    main(sys.argv[1])
