using MLNet.Rnn.Models;
using MLNet.Rnn.Training;

namespace MLNet.Rnn.Engines;

/// <summary>This library's own engine: the model trains in place on its flat parameter buffer.</summary>
internal sealed class ManagedEngine : RnnEngine
{
    public override string Name => "managed";

    internal override ITrainingSession StartTraining(SequenceModel model, TrainerOptions options) => new ManagedTrainingSession(model, options);
}
