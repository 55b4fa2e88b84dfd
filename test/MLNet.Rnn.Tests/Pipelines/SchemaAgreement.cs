using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// What the estimator promises before any data (<c>GetOutputSchema</c> on a schema shape), what the trained transformer
/// says (<c>GetOutputSchema</c>) and what <c>Transform</c> gives must agree on every added column, annotations included.
/// </summary>
internal static class SchemaAgreement
{
    // ML.NET makes schema shapes from schemas internally only; its own tests do the same.
    private static readonly MethodInfo CreateShape = typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])!;

    public static SchemaShape ShapeOf(DataViewSchema schema) => (SchemaShape)CreateShape.Invoke(null, [schema])!;

    public static void Check(RnnEstimator estimator, RnnTransformer transformer, IDataView input, params string[] added)
    {
        var promised = estimator.GetOutputSchema(ShapeOf(input.Schema));
        var said = transformer.GetOutputSchema(input.Schema);
        var produced = transformer.Transform(input).Schema;
        var saidShape = ShapeOf(said);
        foreach (string name in added)
        {
            Assert.AreEqual(said[name].Type, produced[name].Type, $"'{name}': GetOutputSchema and Transform disagree on the type");
            CollectionAssert.AreEqual(AnnotationNames(said[name]), AnnotationNames(produced[name]), $"'{name}': annotations differ");
            var expected = saidShape.Single(c => c.Name == name);
            var actual = promised.Single(c => c.Name == name);
            Assert.AreEqual(expected.Kind, actual.Kind, $"'{name}': the estimator promised another vector kind");
            Assert.AreEqual(expected.ItemType, actual.ItemType, $"'{name}': the estimator promised another item type");
            Assert.AreEqual(expected.IsKey, actual.IsKey, $"'{name}': the estimator promised {(actual.IsKey ? "" : "no ")}key");
            CollectionAssert.AreEquivalent(expected.Annotations.Select(a => a.Name).ToArray(), actual.Annotations.Select(a => a.Name).ToArray(),
                $"'{name}': the estimator promised other annotations");
        }
    }

    private static string[] AnnotationNames(DataViewSchema.Column column) => column.Annotations.Schema.Select(a => a.Name).ToArray();
}
