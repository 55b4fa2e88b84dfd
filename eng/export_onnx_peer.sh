#!/usr/bin/env bash
# Exports the throughput cases (../shared/bench/cases.json) from PyTorch to ONNX for the benchmark's ONNX Runtime peer:
# artifacts/onnx/CASE.onnx, as ../shared/bench/ort_peer/export.py writes them (padded x and the lengths lens), and
# CASE.safetensors, the same weights under PyTorch's names, with which the benchmark checks that ONNX Runtime computes
# what the managed engine computes.
#   bash eng/export_onnx_peer.sh [SHARED_DIR]     (default ../shared; needs /usr/bin/python3 with PyTorch and onnx)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "${1:-$root/../shared}" && pwd)"
# Without the onnx package export.py writes models without lens, which read the padding of variable-length batches.
/usr/bin/python3 -c "import onnx" 2>/dev/null || { echo "export needs python3-onnx: apt-get install -y python3-onnx" >&2; exit 1; }
mkdir -p "$root/artifacts/onnx"
cd "$root/artifacts/onnx"
# PyTorch warns at length about exporting RNNs; the log keeps it, and is shown if the export fails.
/usr/bin/python3 "$shared/bench/ort_peer/export.py" 2>export.log || { cat export.log; exit 1; }
/usr/bin/python3 "$root/eng/onnx_peer_weights.py" "$shared"
