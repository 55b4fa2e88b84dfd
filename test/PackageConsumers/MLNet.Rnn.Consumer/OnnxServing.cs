// `onnx MODEL.zip MODEL.onnx`: loads the saved pipeline, converts it with ML.NET's ConvertToOnnx (the converter that goes
// with the app's ML.NET) and predicts ReviewApp's reviews with ONNX Runtime alone, printing them as the other runs do.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

internal static class OnnxServing
{
    public static int Run(string modelPath, string onnxPath)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(modelPath, out var schema);
        using (var file = File.Create(onnxPath))
            mlContext.Model.ConvertToOnnx(model, mlContext.Data.LoadFromEnumerable(new[] { new Review() }), file);

        using var session = new InferenceSession(onnxPath);
        foreach (string text in ReviewApp.ToScore)
        {
            using var results = session.Run([Column("Text", text), Column("Label", "")]);
            string label = results.Single(r => r.Name == "PredictedLabel.output").AsTensor<string>()[0, 0];
            var scores = results.Single(r => r.Name == "Score.output").AsTensor<float>().Select(s => s.ToString("R", CultureInfo.InvariantCulture));
            Console.WriteLine($"prediction: {label} {string.Join(' ', scores)}");
        }
        return 0;
    }

    private static NamedOnnxValue Column(string name, string value) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(new[] { value }, [1, 1]));

    private sealed class Review
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
