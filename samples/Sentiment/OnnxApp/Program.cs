// Scores SentimentModel.onnx (written beside SentimentModel.zip by the training program, with ML.NET's ConvertToOnnx)
// with ONNX Runtime alone, no ML.NET: the same predictions as the ML.NET app, for serving where ML.NET is not.
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Samples;
using Sentiment;

string modelPath = SampleFolder.PathOf("SentimentModel.onnx");
if (!SampleFolder.HasModel(modelPath))
    return 1;
Console.WriteLine($"Predicting with {modelPath}");
using var session = new InferenceSession(modelPath);
foreach (string review in SentimentReviews.From(args))
{
    // The graph reads the columns the pipeline was trained on: the review, and a label it does not need to predict.
    using var results = session.Run([Column("Text", review), Column("Label", "")]);
    string label = results.Single(r => r.Name == "PredictedLabel.output").AsTensor<string>()[0, 0];
    float probability = results.Single(r => r.Name == "Score.output").AsTensor<float>().Max();
    Console.WriteLine(SentimentReviews.Line(label, probability, review));
}
return 0;

static NamedOnnxValue Column(string name, string value) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(new[] { value }, [1, 1]));
