using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// A fixed-size window is that size in every row, at Fit, Transform and Predict: ML.NET does not check the arrays
/// given to LoadFromEnumerable or a prediction engine against [VectorType(n)], and a shorter or longer window scored as
/// a sequence would be a silent wrong prediction.
/// </summary>
[TestClass]
public sealed class WindowSizeTests
{
    private sealed class Forecast
    {
        public float[] Score { get; set; } = [];
    }

    private static Window Of(int size) => new() { History = Enumerable.Range(0, size).Select(i => (float)Math.Sin(i)).ToArray(), Target = [0f] };

    private static RnnTransformer Trained(MLContext ml) => ml.Forecasting.ForecastByRnn(epochs: 1).Fit(ml.Data.LoadFromEnumerable(TestRows.Sines(40)));

    [TestMethod]
    [DataRow(5)]
    [DataRow(3)]
    [DataRow(13)]
    public void AWindowOfAnotherSizeFailsAtTransformNamingColumnRowAndSizes(int size)
    {
        var ml = new MLContext(seed: 1);
        var model = Trained(ml);
        var rows = ml.Data.LoadFromEnumerable(new[] { Of(Window.Length), Of(Window.Length), Of(size) });

        var error = Assert.ThrowsExactly<ArgumentException>(() => ScoredValues.Of(model.Transform(rows), "Score"));

        StringAssert.Contains(error.Message, $"Column 'History', row 2: expected a vector of {Window.Length} Single, as in training, got {size} values");
    }

    [TestMethod]
    [DataRow(5)]
    [DataRow(13)]
    public void AWindowOfAnotherSizeFailsAtPredict(int size)
    {
        var ml = new MLContext(seed: 1);
        var engine = ml.Model.CreatePredictionEngine<Window, Forecast>(Trained(ml));
        Assert.HasCount(1, engine.Predict(Of(Window.Length)).Score);

        var error = Assert.ThrowsExactly<ArgumentException>(() => engine.Predict(Of(size)));

        StringAssert.Contains(error.Message, $"Column 'History'");
        StringAssert.Contains(error.Message, $"expected a vector of {Window.Length} Single, as in training, got {size} values");
    }

    [TestMethod]
    public void AWindowOfAnotherSizeFailsAtFit()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestRows.Sines(20);
        rows[7] = Of(8);

        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Forecasting.ForecastByRnn(epochs: 1).Fit(ml.Data.LoadFromEnumerable(rows)));

        StringAssert.Contains(error.Message, $"Column 'History', row 7: expected a vector of {Window.Length} Single, as in training, got 8 values");
    }

    [TestMethod]
    public void AColumnOfAnotherFixedSizeStatesItsSize()
    {
        var ml = new MLContext(seed: 1);
        var model = Trained(ml);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetOutputSchema(ml.Data.LoadFromEnumerable(new[] { new SixValues() }).Schema));

        StringAssert.Contains(error.Message, $"expected a vector of {Window.Length} Single, as in training, got Vector<Single, 6>");
    }

    private sealed class SixValues
    {
        [VectorType(6)]
        public float[] History { get; set; } = new float[6];
    }
}
