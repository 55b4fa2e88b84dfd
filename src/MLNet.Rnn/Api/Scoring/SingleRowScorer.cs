using MLNet.Rnn.Models;

namespace MLNet.Rnn;

/// <summary>
/// Scores rows one at a time for a prediction engine, on the managed engine's model copies, reusing every buffer: the
/// encoded input, a one-sequence batch per length seen, the model's own buffers and the output's. In steady state
/// (rows of lengths seen before) a row allocates nothing, unless the model reads characters. One per prediction engine, which serves one thread.
/// </summary>
internal sealed class SingleRowScorer(ModelReplicas replicas, SequenceModel model, LabelEncoder labels, InputEncoder encoder, CrfConstraints? constraints)
{
    // Lengths whose one-sequence batch is kept; past this many distinct lengths, new ones get a batch for one row only.
    private const int KeptLengths = 256;

    private readonly Dictionary<int, SequenceBatch> _batches = [];
    private readonly float[] _scores = new float[RowOutputs.ScoreWidth(model.Options)];
    private int[] _classes = new int[1];

    /// <summary>The prediction for <paramref name="row"/>; its memory is valid until the next call.</summary>
    public RowOutput Score(EncodedRow row)
    {
        // A row's characters vary in number, so a model that reads them gets a batch of the row's own (it allocates).
        var batch = row.HasCharacters ? SequenceBatch.FromTokens([row.Ids[..row.Length]], [row.CopyCharacters()!]) : Reused(row);

        var replica = replicas.Rent();
        try
        {
            var logits = replica.Model.Infer(batch);
            var options = model.Options;
            if (options.Head != HeadKind.PerStep)
                return RowOutputs.Pooled(labels, model, logits, _scores, _classes);
            // One sequence: its packed rows are its steps in time order.
            if (labels.IsTagging)
            {
                Compute.Buffers.Grow(ref _classes, row.TokenCount);
                return RowOutputs.Tags(logits, row.TokenCount, options.Outputs, _classes, replica.Model.Crf, constraints);
            }
            return RowOutputs.Perplexity(logits, row.Ids.AsSpan(0, row.Length), options.Outputs, _scores);
        }
        finally
        {
            replicas.Return(replica);
        }
    }

    /// <summary>The kept batch of the row's length, holding the row.</summary>
    private SequenceBatch Reused(EncodedRow row)
    {
        var batch = BatchFor(row.Length);
        if (batch.TokenIds is { } ids)
            row.Ids.AsSpan(0, row.Length).CopyTo(ids);
        else
            row.Features.AsSpan(0, row.Length).CopyTo(batch.Features!.Data);
        return batch;
    }

    /// <summary>A batch of one sequence of <paramref name="length"/> ids (or values), kept for the next row of that length.</summary>
    private SequenceBatch BatchFor(int length)
    {
        if (_batches.TryGetValue(length, out var batch))
            return batch;
        batch = encoder.UsesTokens
            ? SequenceBatch.FromTokens([new int[length]])
            : SequenceBatch.FromFeatures([new float[length]], encoder.FeaturesPerStep);
        if (_batches.Count < KeptLengths)
            _batches[length] = batch;
        return batch;
    }
}
