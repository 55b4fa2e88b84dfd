namespace MLNet.Rnn.Training.Metrics;

/// <summary>
/// Accumulates tagging results sentence by sentence and computes <see cref="TaggingMetrics"/> over everything added,
/// with exactly the same result as one <see cref="TaggingMetrics.Compute(IReadOnlyList{IReadOnlyList{string}}, IReadOnlyList{IReadOnlyList{string}})"/>
/// call. See <see cref="TaggingMetrics"/> for how entities are delimited and matched.
/// </summary>
/// <remarks>A sentence that fails validation throws before anything is added. Buffers are reused between sentences. Not thread-safe.</remarks>
internal sealed class TaggingMetricsAccumulator
{
    private readonly List<BioEntity> _trueEntities = [];
    private readonly List<BioEntity> _predictedEntities = [];
    private string[] _trueNames = [];
    private string[] _predictedNames = [];
    private long _tokenCount, _correctTokens, _trueEntityCount, _predictedEntityCount, _correctEntityCount;

    /// <summary>Number of tokens added so far.</summary>
    public long TokenCount => _tokenCount;

    /// <summary>Adds one sentence given as tag strings.</summary>
    /// <param name="truth">True tags of the sentence.</param>
    /// <param name="predicted">Predicted tags, as many as <paramref name="truth"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths disagree or a tag is null.</exception>
    public void Add(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        MetricGuard.SameLength(truth.Count, predicted.Count, nameof(predicted), "one predicted tag per true tag");
        NoNullTag(truth, nameof(truth));
        NoNullTag(predicted, nameof(predicted));
        AddValidated(truth, predicted);
    }

    /// <summary>Adds one sentence given as tag ids.</summary>
    /// <param name="truth">True tag ids of the sentence, each in [0, <c>tagNames.Count</c>).</param>
    /// <param name="predicted">Predicted tag ids, as many as <paramref name="truth"/>, each in [0, <c>tagNames.Count</c>).</param>
    /// <param name="tagNames">Name of each tag id, such as <c>O</c>, <c>B-PER</c>, <c>I-PER</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tagNames"/> is null.</exception>
    /// <exception cref="ArgumentException">The lengths disagree, an id is out of range, or a used tag name is null.</exception>
    public void Add(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, IReadOnlyList<string> tagNames)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        MetricGuard.SameLength(truth.Length, predicted.Length, nameof(predicted), "one predicted tag id per true tag id");
        if (_trueNames.Length < truth.Length)
        {
            _trueNames = new string[Math.Max(truth.Length, 2 * _trueNames.Length)];
            _predictedNames = new string[_trueNames.Length];
        }
        var trueNames = new ArraySegment<string>(_trueNames, 0, truth.Length);
        var predictedNames = new ArraySegment<string>(_predictedNames, 0, truth.Length);
        Lookup(truth, tagNames, trueNames, nameof(truth));
        Lookup(predicted, tagNames, predictedNames, nameof(predicted));
        AddValidated(trueNames, predictedNames);
    }

    /// <summary>Forgets everything added so far.</summary>
    public void Reset()
    {
        _tokenCount = _correctTokens = _trueEntityCount = _predictedEntityCount = _correctEntityCount = 0;
    }

    /// <summary>Computes the metrics over every sentence added since construction or the last <see cref="Reset"/>.</summary>
    /// <exception cref="InvalidOperationException">No token has been added.</exception>
    public TaggingMetrics Compute()
    {
        if (_tokenCount == 0)
            throw new InvalidOperationException("Cannot compute tagging metrics: no token has been added.");
        return new TaggingMetrics(_tokenCount, _correctTokens, _trueEntityCount, _predictedEntityCount, _correctEntityCount);
    }

    private void AddValidated(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        for (int i = 0; i < truth.Count; i++)
        {
            if (string.Equals(truth[i], predicted[i], StringComparison.Ordinal))
                _correctTokens++;
        }
        _tokenCount += truth.Count;

        BioEntities.Extract(truth, _trueEntities);
        BioEntities.Extract(predicted, _predictedEntities);
        _trueEntityCount += _trueEntities.Count;
        _predictedEntityCount += _predictedEntities.Count;
        _correctEntityCount += BioEntities.CountMatches(_trueEntities, _predictedEntities);
    }

    private static void NoNullTag(IReadOnlyList<string> tags, string argument)
    {
        for (int i = 0; i < tags.Count; i++)
        {
            if (tags[i] is null)
                throw new ArgumentException($"Expected no null tag in {argument} but {argument}[{i}] is null.", argument);
        }
    }

    private static void Lookup(ReadOnlySpan<int> ids, IReadOnlyList<string> tagNames, ArraySegment<string> names, string argument)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)tagNames.Count)
                throw new ArgumentException($"Expected every tag id in {argument} to be in [0, {tagNames.Count}) but {argument}[{i}] is {id}.", argument);
            names[i] = tagNames[id] ?? throw new ArgumentException($"Expected a name for tag id {id} but tagNames[{id}] is null.", nameof(tagNames));
        }
    }
}
