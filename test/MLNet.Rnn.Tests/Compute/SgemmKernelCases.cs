using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MLNet.Rnn.Compute;

namespace MLNet.Rnn.Tests.Compute;

/// <summary>
/// Tests run once per SGEMM kernel (by name: the kernels' type is internal, a test's parameters public). A kernel this
/// CPU cannot run makes its case inconclusive, naming the instruction set, where it would otherwise drop out unseen.
/// </summary>
internal static class SgemmKernelCases
{
    /// <summary>Each case once for each kernel, the kernel's name first.</summary>
    public static IEnumerable<object[]> OnEachKernel(params object[][] cases) =>
        from kernel in Enum.GetNames<SgemmIsa>() from arguments in cases select (object[])[kernel, .. arguments];

    /// <summary>The kernel called <paramref name="name"/>, or the test is inconclusive where this CPU cannot run it.</summary>
    public static SgemmIsa Runnable(string name)
    {
        var isa = Enum.Parse<SgemmIsa>(name);
        if (isa > SgemmKernels.Best)
            Assert.Inconclusive(isa switch
            {
                SgemmIsa.Avx512 when Avx512F.IsSupported && !Vector512.IsHardwareAccelerated =>
                    "AVX-512F is supported, but .NET does not accelerate Vector512 here (this CPU, or DOTNET_PreferredVectorBitWidth), so the library does not use it; the AVX-512 kernel was not run.",
                SgemmIsa.Avx512 => "AVX-512F is not supported by this CPU; the AVX-512 kernel was not run.",
                _ => "AVX2 with FMA is not supported by this CPU; the AVX2 kernel was not run.",
            });
        return isa;
    }
}
