namespace MLNet.Rnn.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, in order, before training goes
/// on. <see cref="Progress{T}"/> instead posts to the captured context or the thread pool, so in a console
/// program its reports can arrive late or out of order.
/// </summary>
/// <typeparam name="T">The report type, e.g. <see cref="TrainingProgress"/>.</typeparam>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Action<T> _handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <inheritdoc/>
    public void Report(T value) => _handler(value);
}
