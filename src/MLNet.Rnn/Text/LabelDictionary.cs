namespace MLNet.Rnn.Text;

/// <summary>
/// Maps class or tag names to the ids a classifier or tagger predicts, and back. Learned from training
/// labels with <see cref="Build"/>; stored in the model file as <see cref="Names"/> and rebuilt with
/// <see cref="FromNames"/>. Names are compared ordinally (case-sensitive).
/// </summary>
internal sealed class LabelDictionary
{
    // How many known labels an unknown-label message lists; enough to spot a typo or a case mismatch.
    private const int LabelsInMessage = 10;

    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    private LabelDictionary(string[] names, Dictionary<string, int> ids)
    {
        _names = names;
        _ids = ids;
        Names = Array.AsReadOnly(names);
    }

    /// <summary>Number of distinct labels: the model's number of outputs.</summary>
    public int Count => _names.Length;

    /// <summary>Every label, in id order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Learns the labels: the distinct values in ordinal (culture-independent, case-sensitive) sort order, so
    /// ids depend only on which labels occur, never on the order of the data. Consequences worth knowing:
    /// "False" and "True" map to 0 and 1, upper-case sorts before lower-case ("B" before "a"), and
    /// numeric-looking labels sort as strings, so "10" comes before "2".
    /// </summary>
    /// <exception cref="ArgumentException">A label is null, or there are no labels.</exception>
    public static LabelDictionary Build(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var label in labels)
        {
            if (label is null)
                throw new ArgumentException($"Label {index} is null.", nameof(labels));
            distinct.Add(label);
            index++;
        }
        var names = distinct.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return FromNames(names);
    }

    /// <summary>Creates a dictionary with exactly these labels, label i having id i (the order is kept as given).</summary>
    /// <exception cref="ArgumentException">There are no names, or a name is null or repeated.</exception>
    public static LabelDictionary FromNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
            throw new ArgumentException("A label dictionary needs at least one label.", nameof(names));
        var copy = names.ToArray();
        var ids = new Dictionary<string, int>(copy.Length, StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
                throw new ArgumentException($"Label {i} is null.", nameof(names));
            if (!ids.TryAdd(copy[i], i))
                throw new ArgumentException($"Label '{copy[i]}' appears at ids {ids[copy[i]]} and {i}; labels must be unique.", nameof(names));
        }
        return new LabelDictionary(copy, ids);
    }

    /// <summary>The id of <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The label was not seen in training (typically evaluation data with a new class); the message names it
    /// and lists up to ten known labels.
    /// </exception>
    public int IdOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (_ids.TryGetValue(label, out int id)) return id;
        var known = string.Join(", ", _names.Take(LabelsInMessage).Select(name => $"'{name}'"));
        if (Count > LabelsInMessage) known += $", ... ({Count - LabelsInMessage} more)";
        throw new ArgumentException($"Label '{label}' was not seen in training; known labels ({Count}): {known}.", nameof(label));
    }

    /// <summary>Gets the id of <paramref name="label"/>; false when it is not a known label.</summary>
    public bool TryGetId(string label, out int id)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _ids.TryGetValue(label, out id);
    }

    /// <summary>The label with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is negative or not below <see cref="Count"/>.</exception>
    public string NameOf(int id)
    {
        if ((uint)id >= (uint)_names.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Label ids run from 0 to {_names.Length - 1}.");
        return _names[id];
    }
}
