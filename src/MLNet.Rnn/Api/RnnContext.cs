using MLNet.Rnn.Compute;

namespace MLNet.Rnn;

/// <summary>
/// The entry point: catalogs for loading data (<see cref="Data"/>), building estimators (<see cref="Transforms"/>),
/// computing metrics (<see cref="Evaluate"/>) and saving, loading and serving models (<see cref="Model"/>).
/// </summary>
/// <remarks>
/// With a seed, everything random in training (splits, initial weights, shuffling, dropout) is drawn from it in
/// order, so the same program on the same data gives the same model bit for bit on the same machine. Without one,
/// a fresh seed is drawn from the system. Text generation takes its own seed argument (0 unless given).
/// </remarks>
public sealed class RnnContext
{
    private readonly Rng _seeds;

    /// <summary>Creates a context; <paramref name="seed"/> fixes every random choice made through it.</summary>
    public RnnContext(int? seed = null)
    {
        _seeds = new Rng(seed is { } s ? (ulong)(uint)s : (ulong)Random.Shared.NextInt64());
        Data = new DataCatalog(this);
        Transforms = new RnnTransformsCatalog(this);
        Evaluate = new EvaluationCatalog();
        Model = new ModelCatalog();
    }

    /// <summary>Loading data into tables, splitting them and reading them back as typed rows.</summary>
    public DataCatalog Data { get; }

    /// <summary>Estimators for each task.</summary>
    public RnnTransformsCatalog Transforms { get; }

    /// <summary>Metrics of scored data.</summary>
    public EvaluationCatalog Evaluate { get; }

    /// <summary>Saving, loading and prediction engines.</summary>
    public ModelCatalog Model { get; }

    /// <summary>The next seed for a component created through this context.</summary>
    internal ulong NextSeed() => _seeds.NextUInt64();
}
