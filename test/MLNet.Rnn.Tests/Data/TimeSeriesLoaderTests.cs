using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class TimeSeriesLoaderTests : IDisposable
{
    // Step t has a = t and b = 10 t; the date column is not numeric and is never read.
    private const string Series = "\"date\",\"a\",\"b\"\n2000-01,0,0\n2000-02,1,10\n2000-03,2,20\n\n2000-04,3,30\n2000-05,4,40\n";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [TestMethod]
    public void WindowsHoldHistoryStepsAndTheNextTargets()
    {
        var windows = Loaded.TimeSeries(_temp.Write("s.csv", Series), ["a", "b"], "b", history: 2, horizon: 2);

        Assert.HasCount(2, windows); // (5 - 2 - 2) / 1 + 1
        CollectionAssert.AreEqual(new[] { 1f, 10f, 2f, 20f }, windows[1].History); // step after step
        CollectionAssert.AreEqual(new[] { 30f, 40f }, windows[1].Target);
    }

    [TestMethod]
    public void WindowsAreFixedSizeVectorsWithAKnownRowCount()
    {
        var data = new MLContext().Data.LoadTimeSeriesWindows(_temp.Write("s.csv", Series), ["a", "b"], "b", history: 2, horizon: 2);

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), data.Schema["History"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), data.Schema["Target"].Type);
        Assert.AreEqual(2L, data.GetRowCount());
    }

    [TestMethod]
    public void StrideSkipsWindowStartsAndNoHeaderNamesColumnsByPosition()
    {
        string path = _temp.Write("s.csv", "0;5\n1;6\n2;7\n3;8\n4;9\n");

        var windows = Loaded.TimeSeries(path, ["1"], "1", history: 1, stride: 2, separator: ';', hasHeader: false);

        Assert.HasCount(2, windows); // windows start at steps 0 and 2
        CollectionAssert.AreEqual(new[] { 7f }, windows[1].History);
        CollectionAssert.AreEqual(new[] { 8f }, windows[1].Target);
        Assert.ThrowsExactly<ArgumentException>(() => Loaded.TimeSeries(path, ["a"], "a", 1, hasHeader: false));
    }

    [TestMethod]
    public void MissingColumnsAreNamedWithTheHeader()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.TimeSeries(_temp.Write("s.csv", Series), ["a", "c"], "d", 2));

        StringAssert.Contains(error.Message, "the header has no column 'c', 'd'. Header: date, a, b.");
    }

    [TestMethod]
    public void NonNumericAndNaNCellsNameLineAndColumn()
    {
        string text = _temp.Write("text.csv", "a\n1\nlots\n");
        string nan = _temp.Write("nan.csv", "a\n1\n2\nNaN\n");
        string empty = _temp.Write("empty.csv", "x,a\n1,\n");

        var textError = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.TimeSeries(text, ["a"], "a", 1));
        var nanError = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.TimeSeries(nan, ["a"], "a", 1));
        var emptyError = Assert.ThrowsExactly<InvalidDataException>(() => Loaded.TimeSeries(empty, ["a"], "a", 1));

        StringAssert.Contains(textError.Message, "line 3, column 'a' (position 0): 'lots' is not a finite number");
        StringAssert.Contains(nanError.Message, "line 4, column 'a' (position 0): 'NaN' is not a finite number");
        StringAssert.Contains(emptyError.Message, "line 2, column 'a' (position 1): '' is not a finite number");
    }

    [TestMethod]
    public void TooShortASeriesAndBadArgumentsAreRejected()
    {
        string path = _temp.Write("s.csv", Series);

        var shortError = Assert.ThrowsExactly<ArgumentException>(() => Loaded.TimeSeries(path, ["a"], "a", history: 4, horizon: 2));

        StringAssert.Contains(shortError.Message, "has 5 steps; one window needs 4 of history and 2 ahead");
        Assert.ThrowsExactly<ArgumentException>(() => Loaded.TimeSeries(path, [], "a", 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.TimeSeries(path, ["a"], "a", 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.TimeSeries(path, ["a"], "a", 1, horizon: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.TimeSeries(path, ["a"], "a", 1, stride: 0));
    }

    [TestMethod]
    public void TheTimeOrderedSplitTestsOnTheEndAndNeverTrainsOnATestedValue()
    {
        // Steps 0..19 hold their own index; history 4 leaves steps 4..19 to forecast, the last quarter (16..19) is tested.
        string path = _temp.Write("s.csv", "x\n" + string.Join("\n", Enumerable.Range(0, 20)) + "\n");

        var (train, test) = Loaded.TimeSeriesSplit(path, "x", history: 4, testFraction: 0.25, horizon: 2);

        CollectionAssert.AreEqual(new[] { 16f, 17f, 17f, 18f, 18f, 19f }, test.SelectMany(w => w.Target).ToArray());
        Assert.AreEqual(15f, train.Max(w => w.Target.Max())); // the window forecasting 15 and 16 straddles the cut: in neither set
        CollectionAssert.AreEqual(new[] { 4f, 5f }, train[0].Target); // oldest first
        CollectionAssert.AreEqual(new[] { 12f, 13f, 14f, 15f }, test[0].History); // a test window's history reaches back into training time
    }

    [TestMethod]
    public void TheTimeOrderedSplitNeedsWindowsOnBothSides()
    {
        string path = _temp.Write("s.csv", Series);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.TimeSeriesSplit(path, "a", history: 1, testFraction: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Loaded.TimeSeriesSplit(path, "a", history: 1, testFraction: 1));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Loaded.TimeSeriesSplit(path, "a", history: 3, testFraction: 0.5, horizon: 2));
        StringAssert.Contains(error.Message, "leaves 0 training and 0 test windows");
    }
}
