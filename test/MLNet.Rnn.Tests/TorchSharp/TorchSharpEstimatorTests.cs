using Microsoft.ML;
using MLNet.Rnn.Tests.Pipelines;
using MLNet.Rnn.Training;
using MLNet.Rnn.TorchSharp;
using TorchSharp;

namespace MLNet.Rnn.Tests.TorchSharp;

/// <summary>
/// The estimator on the TorchSharp engine: the choice follows ML.NET's GpuDeviceId and FallbackToCpu; a model it trains
/// is served by the managed engine elsewhere with TorchSharp's predictions; device memory stays flat over epochs.
/// </summary>
[TestClass]
public sealed class TorchSharpEstimatorTests
{
    private static readonly RnnOptions Options = new() { HiddenSize = 16, EmbeddingSize = 8, Epochs = 2, Bidirectional = true };

    private static IDataView KeyedReviews(MLContext ml, int count, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(TestRows.Reviews(count, seed));
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
    }

    private static List<string> Log(MLContext ml)
    {
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        return messages;
    }

    [TestMethod]
    public void AModelTrainedOnTorchSharpPredictsTheSameOnTheManagedEngineInAFreshProcess()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(TestRows.Reviews(400, 1)), testFraction: 0.25, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Rnn(Options with { HiddenSize = 24, EmbeddingSize = 16, Epochs = 6, LearningRate = 0.01f, Engine = TorchSharpEngine.Cpu(servePredictions: true) }));

        var model = pipeline.Fit(split.TrainSet);
        var onTorch = model.Transform(split.TestSet);

        Bound.Above(ml.MulticlassClassification.Evaluate(onTorch).MicroAccuracy, 0.9, "accuracy");
        var managed = FreshProcess.Score(ml, model, split.TestSet, "Score")["Score"];
        var torch = ScoredValues.Of(onTorch, "Score");
        Assert.HasCount(torch.Count, managed);
        for (int row = 0; row < torch.Count; row++)
        {
            var expected = ScoredValues.Floats(torch[row]);
            var actual = ScoredValues.Floats(managed[row]);
            for (int i = 0; i < expected.Length; i++)
                Bound.Near(actual[i], expected[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {row}, class {i}");
        }
    }

    [TestMethod]
    public void TaggingAndALanguageModelTrainOnTorchSharpToo()
    {
        var ml = new MLContext(seed: 2);
        var sentences = ml.Data.LoadFromEnumerable(TestRows.Sentences(200, 2));
        var tagger = ml.MulticlassClassification.Trainers.RnnTagger(epochs: 3);
        var tagged = ml.Transforms.Rnn(tagger.Options with { Engine = TorchSharpEngine.Cpu() }).Fit(sentences).Transform(sentences);
        Assert.AreEqual(1.0, ml.MulticlassClassification.EvaluateTagging(tagged).TokenAccuracy, 0.02);

        var story = ml.Data.LoadFromEnumerable([new Passage { Text = TestRows.Story(200, 2) }]);
        var lm = ml.Transforms.Rnn(new RnnOptions
        {
            Task = RnnTask.LanguageModel, Tokenization = TextTokenization.Characters, Cell = RecurrentCell.Gru, HiddenSize = 32, EmbeddingSize = 8,
            Epochs = 3, BatchSize = 8, BpttLength = 20, LearningRate = 0.01f, ClipGradientNorm = 1, ValidationFraction = 0.1,
            Engine = TorchSharpEngine.Cpu(),
        }).Fit(story);
        Assert.IsTrue(lm.TrainingResult!.Epochs.All(e => e.Validation?.Tokens is not null), "validation perplexity each epoch");
        Bound.Below(ml.MulticlassClassification.EvaluateLanguageModel(lm.Transform(story)).Perplexity, 4.0, "perplexity");
    }

    [TestMethod]
    public void GpuDeviceIdWithoutCudaFallsBackToTheManagedEngineAndSaysSo()
    {
        if (torch.cuda.is_available())
            Assert.Inconclusive("CUDA is present here; this checks a machine without it.");
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        var messages = Log(ml);

        var model = ml.Transforms.Rnn(Options).Fit(KeyedReviews(ml, 60, 1));

        Assert.IsNotNull(model.TrainingResult);
        Assert.IsTrue(messages.Any(m => m.StartsWith("MLContext.GpuDeviceId is 0, but CUDA is not available to libtorch") && m.Contains("training on the CPU with the managed engine")), string.Join("\n", messages));
        CollectionAssert.Contains(messages, "Training on the managed engine.");
    }

    [TestMethod]
    public void GpuDeviceIdWithoutCudaAndWithoutFallbackIsAnErrorNamingGpuDeviceId()
    {
        if (torch.cuda.is_available())
            Assert.Inconclusive("CUDA is present here; this checks a machine without it.");
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Transforms.Rnn(Options).Fit(KeyedReviews(ml, 60, 1)));

        StringAssert.StartsWith(error.Message, "MLContext.GpuDeviceId is 0, but CUDA is not available to libtorch");
        StringAssert.Contains(error.Message, "Set MLContext.FallbackToCpu = true");
    }

    [TestMethod]
    public void GpuDeviceIdWithCudaTrainsOnTheGpu()
    {
        if (!torch.cuda.is_available())
            Assert.Inconclusive("CUDA is not available to libtorch here (no GPU, or no TorchSharp-cuda package); this runs where it is.");
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var messages = Log(ml);

        var model = ml.Transforms.Rnn(Options).Fit(KeyedReviews(ml, 60, 1));

        CollectionAssert.Contains(messages, "Training on the TorchSharp (libtorch) on cuda:0 engine.");
        Assert.HasCount(60, ScoredValues.Of(model.Transform(KeyedReviews(ml, 60, 1)), "Score"));
    }

    [TestMethod]
    public void AnEngineInTheOptionsWinsAndWithoutOneOrAGpuTheManagedEngineTrains()
    {
        var ml = new MLContext(seed: 1);
        var messages = Log(ml);

        ml.Transforms.Rnn(Options with { Epochs = 1, Engine = TorchSharpEngine.Cpu() }).Fit(KeyedReviews(ml, 30, 1));
        ml.Transforms.Rnn(Options with { Epochs = 1 }).Fit(KeyedReviews(ml, 30, 1));

        CollectionAssert.Contains(messages, "Training on the TorchSharp (libtorch) on cpu engine.");
        CollectionAssert.Contains(messages, "Training on the managed engine.");
    }

    [TestMethod]
    public void TheNumberOfLiveTensorsDoesNotGrowOverEpochs()
    {
        var ml = new MLContext(seed: 1);
        var live = new List<long>();

        ml.Transforms.Rnn(Options with
        {
            Epochs = 5, BatchSize = 16, ValidationFraction = 0.2, Engine = TorchSharpEngine.Cpu(),
            Progress = new InlineProgress<TrainingProgress>(p =>
            {
                if (p.EndOfEpoch)
                    live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            }),
        }).Fit(KeyedReviews(ml, 80, 1));

        Assert.HasCount(5, live);
        CollectionAssert.AreEqual(Enumerable.Repeat(live[0], 5).ToList(), live, $"live tensors at the end of each epoch: {string.Join(", ", live)}");
    }
}
