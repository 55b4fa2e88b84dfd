using MLNet.Rnn.Engines;
using MLNet.Rnn.Models;
using static TorchSharp.torch;

namespace MLNet.Rnn.TorchSharp;

/// <summary>Predictions on libtorch (a GPU, say) from a copy of a trained model; calls are serialised on the copy.</summary>
internal sealed class TorchScorer(SequenceModel model, Device device) : ISequenceScorer, IDisposable
{
    private readonly TorchModel _model = CreateEvaluating(model, device);
    private readonly Lock _gate = new();

    public float[] Logits(SequenceBatch batch)
    {
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (logits, _, _) = _model.Forward(TorchBatch.Create(batch, _model.Device), null);
            return logits.cpu().data<float>().ToArray();
        }
    }

    public void Dispose() => _model.Dispose();

    private static TorchModel CreateEvaluating(SequenceModel model, Device device)
    {
        var twin = new TorchModel(model, device);
        twin.SetTraining(false);
        return twin;
    }
}
