using System.Text;
using Microsoft.ML;

namespace MLNet.Rnn.Tests.Pipelines;

/// <summary>
/// Seeded attacks on a small saved model: byte flips, truncations and crafted headers and manifests, in our parts
/// (with and without forging their SHA-256) and anywhere in the zip. Each must fail with the documented exception (see
/// <see cref="LoadFailure"/>), or load and predict exactly what the original predicts, and no case may allocate more
/// than 64 MB.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ModelFuzzTests
{
    private const long AllocationBound = 64L << 20;

    private enum Attack
    {
        /// <summary>1-3 bytes of our manifest changed; the header's SHA-256 left as it was.</summary>
        ManifestFlip,

        /// <summary>1-3 bytes of our weights changed.</summary>
        WeightsFlip,

        /// <summary>Our manifest or weights cut short.</summary>
        Truncation,

        /// <summary>Our manifest or weights changed or cut, and the header's SHA-256 forged to match.</summary>
        Forged,

        /// <summary>Crafted sizes, shapes and manifests, with a forged SHA-256.</summary>
        Crafted,

        /// <summary>1-3 bytes of our transformer's header (ML.NET's part of it included).</summary>
        HeaderFlip,

        /// <summary>1-3 bytes anywhere in model.zip, ML.NET's own entries and the zip structure included.</summary>
        FileFlip,
    }

    [TestMethod]
    public void OverTwoThousandAttacksFailAsDocumentedOrPredictExactlyTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(60, 1));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var model = ml.Transforms.Rnn(new RnnOptions { HiddenSize = 4, EmbeddingSize = 4, Epochs = 1, Bidirectional = true }).Fit(keyed);
        byte[] original;
        using (var stream = new MemoryStream())
        {
            ml.Model.Save(model, keyed.Schema, stream);
            original = stream.ToArray();
        }
        var probe = ml.Data.LoadFromEnumerable(TestRows.Reviews(8, 2));
        var expected = ScoredValues.Of(Load(original).Transform(probe), "Score");

        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int cases = 0;
        foreach (var (attack, bytes) in Attacks(original, new Random(2026)))
        {
            cases++;
            string what = $"case {cases} ({attack})";
            var (outcome, allocated) = Allocations.During(() => Outcome(attack, bytes, probe, expected, what));
            Assert.IsLessThan(AllocationBound, allocated, $"{what} allocated {allocated} bytes");
            string key = $"{attack}: {outcome}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        Assert.IsGreaterThanOrEqualTo(2000, cases);
        foreach (var (key, count) in outcomes)
            Console.WriteLine($"{count,5}  {key}");
    }

    /// <summary>How loading <paramref name="bytes"/> and scoring <paramref name="probe"/> went; fails the test unless as documented.</summary>
    private static string Outcome(Attack attack, byte[] bytes, IDataView probe, List<string> expected, string what)
    {
        try
        {
            string outcome = Scores(Load(bytes), probe) is { } scores && scores.SequenceEqual(expected) ? "loaded, same predictions" : "loaded a forged model";
            // A forger who rewrites the weights, the vocabulary or the columns and their hash makes another valid model.
            Assert.IsTrue(outcome == "loaded, same predictions" || attack == Attack.Forged, $"{what} loaded and predicted differently");
            return outcome;
        }
        catch (Exception e) when (e is not AssertFailedException)
        {
            // Our parts fail with our exception; ML.NET's own bytes may also fail with what ML.NET's code throws.
            return LoadFailure.Outcome(e, mlNetBytesDamaged: attack is Attack.HeaderFlip or Attack.FileFlip, what);
        }
    }

    private static ITransformer Load(byte[] zip) => new MLContext().Model.Load(new MemoryStream(zip), out _);

    /// <summary>The scores of <paramref name="probe"/>, or null when the model reads columns the probe lacks (a forged column name).</summary>
    private static List<string>? Scores(ITransformer model, IDataView probe)
    {
        try
        {
            return ScoredValues.Of(model.Transform(probe), "Score");
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "inputSchema")
        {
            return null;
        }
    }

    private static IEnumerable<(Attack, byte[])> Attacks(byte[] original, Random random)
    {
        var entries = ModelZip.Entries(original);
        byte[] manifest = entries[ModelZip.PartName(entries.Keys, ModelZip.Manifest)], weights = entries[ModelZip.PartName(entries.Keys, ModelZip.Weights)];
        string headerName = ModelZip.HeaderName(entries.Keys, ModelZip.Manifest);

        for (int i = 0; i < 700; i++)
            yield return (Attack.ManifestFlip, ModelZip.WithPart(original, ModelZip.Manifest, Flipped(manifest, random), rehash: false));
        for (int i = 0; i < 700; i++)
            yield return (Attack.WeightsFlip, ModelZip.WithPart(original, ModelZip.Weights, Flipped(weights, random), rehash: false));
        for (int i = 0; i < 100; i++)
        {
            var (part, content) = i % 2 == 0 ? (ModelZip.Manifest, manifest) : (ModelZip.Weights, weights);
            yield return (Attack.Truncation, ModelZip.WithPart(original, part, content[..random.Next(content.Length)], rehash: false));
        }
        for (int i = 0; i < 300; i++)
        {
            var (part, content) = i % 2 == 0 ? (ModelZip.Manifest, manifest) : (ModelZip.Weights, weights);
            var forged = i % 3 == 0 ? content[..random.Next(content.Length)] : Flipped(content, random);
            yield return (Attack.Forged, ModelZip.WithPart(original, part, forged, rehash: true));
        }
        foreach (var (part, content) in Crafted(manifest))
            yield return (Attack.Crafted, ModelZip.WithPart(original, part, content, rehash: true));
        for (int i = 0; i < 100; i++)
        {
            var damaged = new Dictionary<string, byte[]>(entries) { [headerName] = Flipped(entries[headerName], random) };
            yield return (Attack.HeaderFlip, ModelZip.Zip(damaged));
        }
        // ML.NET's own loader never returns from some damaged bytes of its input schema entry (an empty TransformerChain
        // with that entry hangs alike: ML.NET reads it before any transformer), so flips there test ML.NET, not us.
        var schema = ModelZip.EntryBytes(original, "Schema");
        for (int i = 0; i < 300; i++)
            yield return (Attack.FileFlip, Flipped(original, random, outside: schema));
    }

    /// <summary>Sizes and shapes out of all proportion to the file, and manifests that say something else than the weights.</summary>
    private static IEnumerable<(string Part, byte[] Content)> Crafted(byte[] manifest)
    {
        static byte[] Weights(string header, int data) => BitConverter.GetBytes((ulong)header.Length).Concat(Encoding.ASCII.GetBytes(header)).Concat(new byte[data]).ToArray();
        yield return (ModelZip.Weights, Weights("{\"rnn.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}", 64));
        yield return (ModelZip.Weights, Weights("{\"head.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", 12));
        yield return (ModelZip.Weights, Weights("{\"head.bias\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,12]}}", 12));
        yield return (ModelZip.Weights, BitConverter.GetBytes(100_000_000UL).Concat(new byte[64]).ToArray());
        yield return (ModelZip.Weights, BitConverter.GetBytes(ulong.MaxValue).Concat(new byte[64]).ToArray());
        yield return (ModelZip.Weights, Weights("{\"head.\\udc00\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        string text = Encoding.UTF8.GetString(manifest);
        string[] edits =
        [
            "\"HiddenSize\": 4,|\"HiddenSize\": 6000,",
            "\"NumLayers\": 1,|\"NumLayers\": 1000,",
            "\"NumLayers\": 1,|\"NumLayers\": 2000,",
            "\"Head\": \"LastHidden\"|\"Head\": 99",
            "\"Head\": \"LastHidden\"|\"Head\": \"PerStep\"",
            "\"task\": \"Classification\"|\"task\": \"Classification\", \"task\": \"Classification\"",
            "\"Task\": \"Classification\"|\"Task\": \"LanguageModel\"",
            "\"Task\": \"Classification\"|\"Task\": \"Tagging\"",
            "\"Task\": \"Classification\"|\"Task\": \"Regression\"",
            "\"Cell\": \"Lstm\"|\"Cell\": \"Gru\"",
            "\"kind\": \"Text\"|\"kind\": \"Tokens\"",
            "\"kind\": \"ClassKey\"|\"kind\": \"Values\"",
            "\"classCount\": 3|\"classCount\": 2",
            "\"classCount\": 3|\"classCount\": \"3\"",
            "\"tokenizer\": {|\"tokenizer\": null, \"was\": {",
            "\"type\": \"Text\"|\"type\": \"Picture\"",
            "\"formatVersion\": 2|\"formatVersion\": 99",
            "\"format\": \"mlnet-rnn-model\"|\"format\": null",
        ];
        foreach (string edit in edits)
        {
            var (from, to) = (edit.Split('|')[0], edit.Split('|')[1]);
            Assert.Contains(from, text, $"the manifest has {from}");
            yield return (ModelZip.Manifest, Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)));
        }
        yield return (ModelZip.Manifest, Encoding.UTF8.GetBytes(new string('[', 100_000)));
        yield return (ModelZip.Manifest, [0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0x7B, 0x7D]);
    }

    /// <summary>1 to 3 bytes of a copy changed to other values, none of them in <paramref name="outside"/>.</summary>
    private static byte[] Flipped(byte[] bytes, Random random, Range outside = default)
    {
        var copy = (byte[])bytes.Clone();
        var (skip, skipped) = outside.GetOffsetAndLength(bytes.Length);
        for (int n = 1 + random.Next(3); n > 0; n--)
        {
            int at = random.Next(copy.Length - skipped);
            copy[at < skip ? at : at + skipped] ^= (byte)(1 + random.Next(255));
        }
        return copy;
    }
}
