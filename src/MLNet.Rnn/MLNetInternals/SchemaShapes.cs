using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn;

/// <summary>Makes <see cref="SchemaShape.Column"/>s for an estimator's output schema; ML.NET keeps their constructor internal.</summary>
internal static class SchemaShapes
{
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, IEnumerable<SchemaShape.Column>? annotations = null) =>
        new(name, kind, itemType, isKey, annotations is null ? null : new SchemaShape(annotations));
}
