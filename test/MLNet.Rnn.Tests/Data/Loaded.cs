using Microsoft.ML;

namespace MLNet.Rnn.Tests.Data;

/// <summary>The loaders through ML.NET's data catalog, read back as typed rows.</summary>
internal static class Loaded
{
    private static readonly MLContext Ml = new(seed: 0);

    public static List<Sentence> Conllu(string path, int? maxSentences = null, string tagField = "upos") => Sentences(Ml.Data.LoadFromConllu(path, maxSentences, tagField));

    public static List<Sentence> Conll(string path, int tokenField = 0, int tagField = -1, int? maxSentences = null) => Sentences(Ml.Data.LoadFromConll(path, tokenField, tagField, maxSentences));

    public static List<string> PlainText(string path, bool oneRowPerLine = false) =>
        Ml.Data.CreateEnumerable<TextRow>(Ml.Data.LoadFromPlainText(path, oneRowPerLine), reuseRowObject: false).Select(r => r.Text).ToList();

    public static List<Window> TimeSeries(string path, IReadOnlyList<string> features, string target, int history, int horizon = 1, int stride = 1, char separator = ',', bool hasHeader = true) =>
        Windows(Ml.Data.LoadTimeSeriesWindows(path, features, target, history, horizon, stride, separator, hasHeader));

    public static (List<Window> Train, List<Window> Test) TimeSeriesSplit(string path, string column, int history, double testFraction, int horizon = 1)
    {
        var split = Ml.Data.LoadTimeSeriesWindows(path, [column], column, history, testFraction, horizon);
        return (Windows(split.TrainSet), Windows(split.TestSet));
    }

    private static List<Window> Windows(IDataView data) => Ml.Data.CreateEnumerable<Window>(data, reuseRowObject: false).ToList();

    private static List<Sentence> Sentences(IDataView data) => Ml.Data.CreateEnumerable<Sentence>(data, reuseRowObject: false).ToList();

    public sealed class Sentence
    {
        public string[] Tokens { get; set; } = [];

        public string[] Tags { get; set; } = [];
    }

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    public sealed class Window
    {
        public float[] History { get; set; } = [];

        public float[] Target { get; set; } = [];
    }
}
