#!/usr/bin/env bash
# One benchmark sitting, as docs/benchmarks.md reports it: three rounds of the throughput suite (the managed engine,
# libtorch 2.10 and ONNX Runtime one after the other within each case, each of them first in one round), each followed
# by PyTorch 1.13 and by our models exported with ConvertToOnnx (served by the managed engine and ONNX Runtime);
# then one row through ML.NET's prediction engine, and the recurrent module beside PyTorch. Raw JSON
# lines go to OUT, and /usr/bin/python3 eng/bench_tables.py OUT prints the tables with medians, ranges and ratios.
#   bash eng/bench_sitting.sh [--quick] [OUT]     (default artifacts/bench; run bash eng/export_onnx_peer.sh once before)
# --quick checks the whole chain in a fraction of the time (2 training steps, 3 module repeats): its figures mean nothing.
set -euo pipefail
steps=20
# Both sides of the recurrent-module comparison warm up alike and take the median of as many calls.
repeats=31
if [[ "${1:-}" == "--quick" ]]; then
  steps=2
  repeats=3
  shift
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts/bench}" && cd "${1:-$root/artifacts/bench}" && pwd)"
cd "$root"
# Without the exported models the throughput suite skips ONNX Runtime, and the tables have no column to fill.
compgen -G "artifacts/onnx/*.onnx" >/dev/null || { echo "No models in artifacts/onnx: run bash eng/export_onnx_peer.sh first." >&2; exit 1; }
rm -f "$out"/*.jsonl
dotnet build -c Release bench/MLNet.Rnn.Benchmarks >/dev/null
bench() { dotnet run -c Release --no-build --project bench/MLNet.Rnn.Benchmarks -- "$@"; }
for round in 1 2 3; do
  bench throughput --round "$round" --steps "$steps" | grep '^{' >> "$out/throughput.jsonl"
  /usr/bin/python3 ../shared/bench/torch_peer.py --threads 2 --steps "$steps" | grep '^{' | sed "s/^{/{\"round\":$round,/" >> "$out/torch.jsonl"
  bench exported --round "$round" --steps "$steps" | grep '^{' >> "$out/exported.jsonl"
done
bench prediction | grep '^{' > "$out/prediction.jsonl"
bench recurrent --repeats "$repeats" | grep '^{' > "$out/recurrent.jsonl"
/usr/bin/python3 eng/bench_recurrent_torch.py --repeats "$repeats" | grep '^{' > "$out/recurrent_torch.jsonl"
echo "Results in $out; tables: /usr/bin/python3 eng/bench_tables.py $out"
