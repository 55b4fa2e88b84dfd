using System.Runtime.InteropServices;

namespace MLNet.Rnn.Compute;

/// <summary>
/// Per-thread packing buffers for <see cref="Sgemm"/>: allocated once, grown when a larger block is needed, and
/// reused, so steady-state calls allocate nothing.
/// </summary>
/// <remarks>
/// The memory is native and 64-byte aligned so packed strips start on cache lines (and zmm loads never split
/// one). The instance is thread-static; its finalizer returns the memory once its thread has ended.
/// </remarks>
internal sealed unsafe class SgemmWorkspace
{
    [ThreadStatic]
    private static SgemmWorkspace? current;

    private float* buffer;
    private nint capacity;

    private SgemmWorkspace()
    {
    }

    ~SgemmWorkspace()
    {
        NativeMemory.AlignedFree(buffer);
    }

    /// <summary>
    /// Returns this thread's buffer with room for at least <paramref name="floats"/> floats. The memory stays valid
    /// until the next call on the same thread.
    /// </summary>
    public static float* Rent(nint floats)
    {
        SgemmWorkspace ws = current ??= new SgemmWorkspace();
        if (ws.capacity < floats)
        {
            NativeMemory.AlignedFree(ws.buffer);
            ws.buffer = null;
            ws.capacity = 0;
            ws.buffer = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            ws.capacity = floats;
        }

        return ws.buffer;
    }
}
