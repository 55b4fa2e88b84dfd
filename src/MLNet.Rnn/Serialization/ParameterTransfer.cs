using MLNet.Rnn.Nn;

namespace MLNet.Rnn.Serialization;

/// <summary>
/// Copies parameters between a <see cref="ParameterStore"/> and named tensors under PyTorch's names, so a
/// <c>state_dict</c> saved by PyTorch loads into a module of this library and the other way round.
/// </summary>
internal static class ParameterTransfer
{
    /// <summary>Copies the parameters whose names start with <paramref name="stripPrefix"/>, in registration order, with the prefix removed.</summary>
    /// <param name="store">The parameters.</param>
    /// <param name="stripPrefix">E.g. <c>"rnn."</c> to export a model's recurrent module as a bare <c>nn.LSTM</c> state_dict; empty for all.</param>
    /// <exception cref="ArgumentException">No parameter name starts with <paramref name="stripPrefix"/>.</exception>
    public static IReadOnlyList<NamedTensor> Export(ParameterStore store, string stripPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stripPrefix);
        var tensors = Selected(store, stripPrefix)
            .Select(p => new NamedTensor(p.Name[stripPrefix.Length..], [.. p.Shape], p.Value.ToArray()))
            .ToArray();
        if (tensors.Length == 0)
            throw new ArgumentException(
                $"No parameter name starts with '{stripPrefix}'. Names: {string.Join(", ", store.Parameters.Select(p => p.Name))}.", nameof(stripPrefix));
        return tensors;
    }

    /// <summary>
    /// Sets the parameters whose names start with <paramref name="addPrefix"/> (all when it is empty) from
    /// tensors named without it. Every name and shape is checked both ways first: on any mismatch nothing changes.
    /// </summary>
    /// <param name="store">The parameters to set.</param>
    /// <param name="tensors">The tensors by name, e.g. <see cref="SafeTensorsContent.Tensors"/>.</param>
    /// <param name="addPrefix">Put before each tensor name to find its parameter, e.g. <c>"rnn."</c>.</param>
    /// <exception cref="InvalidDataException">
    /// Some parameter has no tensor, some tensor has no parameter, or some shape differs; the message lists every one.
    /// </exception>
    public static void Import(ParameterStore store, IReadOnlyDictionary<string, NamedTensor> tensors, string addPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(addPrefix);
        var expected = Selected(store, addPrefix).ToArray();
        CheckMatches(expected.Select(p => (p.Name, p.Shape.ToArray())), tensors, addPrefix);
        foreach (var parameter in expected)
            tensors[parameter.Name[addPrefix.Length..]].Data.CopyTo(parameter.Value);
    }

    /// <summary>
    /// Checks, before anything is built, that <paramref name="tensors"/> are exactly the <paramref name="expected"/>
    /// parameters: every name both ways, every shape, and every value finite (a NaN weight would only show at prediction).
    /// </summary>
    /// <exception cref="InvalidDataException">Some parameter has no tensor, some tensor has no parameter, or a shape or value is wrong; the message lists every one.</exception>
    public static void CheckMatches(IEnumerable<(string Name, int[] Shape)> expected, IReadOnlyDictionary<string, NamedTensor> tensors, string addPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(tensors);
        var shapes = expected.ToDictionary(p => p.Name[addPrefix.Length..], p => p.Shape, StringComparer.Ordinal);
        var missing = shapes.Keys.Where(name => !tensors.ContainsKey(name)).ToList();
        var unexpected = new List<string>();
        var misShaped = new List<string>();
        var notFinite = new List<string>();
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!shapes.TryGetValue(name, out var shape))
            {
                unexpected.Add(name);
                continue;
            }
            if (tensor?.Shape is null || tensor.Data is null)
            {
                misShaped.Add($"{name} is null or has no shape or data");
                continue;
            }
            if (!tensor.Shape.SequenceEqual(shape) || tensor.Data.Length != shape.Aggregate(1L, (n, d) => n * d))
                misShaped.Add($"{name} is {Tensor.FormatShape(tensor.Shape)} with {tensor.Data.Length} values, the parameter is {Tensor.FormatShape(shape)}");
            int bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
            if (bad >= 0)
                notFinite.Add($"{name}[{bad}] is {tensor.Data[bad]}");
        }

        if (missing.Count + unexpected.Count + misShaped.Count + notFinite.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing: {string.Join(", ", missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected: {string.Join(", ", unexpected)}");
            if (misShaped.Count > 0) problems.Add($"wrong shape: {string.Join("; ", misShaped)}");
            if (notFinite.Count > 0) problems.Add($"not finite: {string.Join("; ", notFinite)}");
            string scope = addPrefix.Length == 0 ? "" : $" (with prefix '{addPrefix}')";
            throw new InvalidDataException($"The tensors do not match the parameters{scope}, so none were loaded. {string.Join(". ", problems)}.");
        }
    }

    private static IEnumerable<Parameter> Selected(ParameterStore store, string prefix) =>
        store.Parameters.Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal));
}
