using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Saves a model with <c>mlContext.Model.Save</c> and scores data with it in a fresh process that loads it with
/// <c>mlContext.Model.Load</c> and names none of MLNet.Rnn's types (test/MLNet.Rnn.ModelConsumer).
/// </summary>
internal static class FreshProcess
{
    /// <summary>The values of <paramref name="columns"/> (see <see cref="ScoredValues"/>) as the fresh process scores them.</summary>
    public static Dictionary<string, List<string>> Score(MLContext ml, ITransformer model, IDataView data, params string[] columns)
    {
        string directory = Directory.CreateTempSubdirectory("mlnet-rnn-fresh-").FullName;
        string modelPath = Path.Combine(directory, "model.zip"), input = Path.Combine(directory, "input.idv"), output = Path.Combine(directory, "output.idv");
        ml.Model.Save(model, data.Schema, modelPath);
        using (var file = File.Create(input))
            ml.Data.SaveAsBinary(data, file, keepHidden: false);
        try
        {
            ChildProcess.RunDotNetProgram(ChildProcess.BuiltProgram(Path.Combine("test", "MLNet.Rnn.ModelConsumer"), "MLNet.Rnn.ModelConsumer"), directory, modelPath, input, output);
            var scored = ml.Data.LoadFromBinary(output);
            return columns.ToDictionary(c => c, c => ScoredValues.Of(scored, c));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Asserts that the fresh process gives the same values as <paramref name="scored"/>, bit for bit.</summary>
    public static void AssertSameScores(MLContext ml, ITransformer model, IDataView data, IDataView scored, params string[] columns)
    {
        var fresh = Score(ml, model, data, columns);
        foreach (string column in columns)
            CollectionAssert.AreEqual(ScoredValues.Of(scored, column), fresh[column], $"column '{column}' differs after Model.Save and Model.Load in a fresh process");
    }
}
