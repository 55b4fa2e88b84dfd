using BenchmarkDotNet.Attributes;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// BenchmarkDotNet view of one LSTM and one GRU layer (the sentiment and character-model shapes), for
/// statistically careful before/after comparisons of engine changes; the suite runner is for the PyTorch table.
/// </summary>
[MemoryDiagnoser]
public class RecurrentLayerBenchmarks
{
    private RecurrentModule _module = null!;
    private PackedSequence _input = null!;
    private PackedSequence _gradOutput = null!;

    [Params("lstm", "gru")]
    public string Cell { get; set; } = "lstm";

    [GlobalSetup]
    public void Setup()
    {
        _module = Cell == "lstm" ? new Lstm(128, 256) : new Gru(32, 512);
        int[] lengths = Enumerable.Range(0, 32).Select(b => 60 - b).ToArray();
        _input = PackedSequence.Zeros(lengths, _module.InputSize);
        var rng = new Rng(1);
        rng.FillNormal(_input.Data);
        _gradOutput = _input.WithData(new float[_input.TotalRows * _module.HiddenSize], _module.HiddenSize);
        rng.FillNormal(_gradOutput.Data);
    }

    [Benchmark]
    public void Forward() => _module.Forward(_input);

    [Benchmark]
    public void ForwardBackward()
    {
        _module.Forward(_input);
        _module.Backward(_gradOutput);
    }
}
