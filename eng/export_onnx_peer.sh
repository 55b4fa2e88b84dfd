#!/usr/bin/env bash
# Exports the throughput cases (../shared/bench/cases.json) from PyTorch to ONNX for the benchmark's ONNX Runtime peer:
# artifacts/onnx/CASE.onnx, padded models (no packing), as ../shared/bench/ort_peer/export.py writes them.
#   bash eng/export_onnx_peer.sh [SHARED_DIR]     (default ../shared; needs /usr/bin/python3 with PyTorch)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "${1:-$root/../shared}" && pwd)"
mkdir -p "$root/artifacts/onnx"
cd "$root/artifacts/onnx"
# PyTorch warns at length about exporting RNNs; the log keeps it, and is shown if the export fails.
/usr/bin/python3 "$shared/bench/ort_peer/export.py" 2>export.log || { cat export.log; exit 1; }
