#!/usr/bin/env bash
# Prepares the CUDA tests for a GPU machine that has an NVIDIA driver and PyTorch's libtorch but neither the .NET SDK nor
# the TorchSharp-cuda packages (which this project's NuGet source does not serve): the tests and a reflection runner
# (eng/CudaTestRunner) without any libtorch of their own, and the .NET runtime as a tarball. On that machine, from the
# folder this writes (default artifacts/cuda), run the command it prints: the runner loads libtorch from PyTorch's
# folder through TorchSharp's own libLibTorchSharp.so.
#   bash eng/cuda_tests.sh [OUT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/cuda}"
rm -rf "$out" && mkdir -p "$out/app"
cd "$root"
dotnet build -c Release test/MLNet.Rnn.Tests >/dev/null
dotnet build -c Release eng/CudaTestRunner -o "$out/app" >/dev/null
bin=test/MLNet.Rnn.Tests/bin/Release/net10.0
# Everything but the natives (libtorch's CPU build alone is 460 MB), then the two natives the tests need.
(cd "$bin" && tar cf - --exclude=./runtimes --exclude='*.pdb' .) | (cd "$out/app" && tar xf -)
cp "$bin/runtimes/linux-x64/native/libLibTorchSharp.so" "$bin/runtimes/linux-x64/native/libLdaNative.so" "$out/app/"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime="$(cd "$dotnet_root" && ls -d shared/Microsoft.NETCore.App/10.* | sort -V | tail -n 1)"
(cd "$dotnet_root" && tar cf - dotnet host/fxr "$runtime") | xz -T2 -6 > "$out/dotnet.tar.xz"
tests="MLNet.Rnn.Tests.TorchSharp"
cat <<COMMAND
Payload in $out ($(du -sh "$out" | cut -f1)). On the GPU machine, in that folder:
mkdir -p /tmp/dn && tar xJf dotnet.tar.xz -C /tmp/dn && T=\$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__))")/lib && cd app && for f in \$T/*.so*; do ln -sf \$f .; done && LD_LIBRARY_PATH=\$T DOTNET_ROOT=/tmp/dn /tmp/dn/dotnet CudaTestRunner.dll $tests.TorchSharpEstimatorTests.GpuDeviceIdWithCudaTrainsOnTheGpu $tests.EngineParityTests.OnCudaTooWhereThereIsAGpu $tests.TorchCharacterCnnTests.ATaggerWithCharacterFeaturesTrainsAlikeOnCudaToo
COMMAND
