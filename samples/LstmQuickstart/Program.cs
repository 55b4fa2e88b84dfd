// A tour of the recurrent engine: a two-layer bidirectional LSTM over a packed batch of three sequences
// of different lengths, its outputs, a backward pass, and a finite-difference check of one gradient.
using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn;
using MLNet.Rnn.Sequences;

const int inputSize = 8, hiddenSize = 16, steps = 6;
int[] lengths = [4, 6, 2];

var lstm = new Lstm(inputSize, hiddenSize, numLayers: 2, bidirectional: true, seed: 1);
Console.WriteLine($"LSTM: {lstm.Parameters.Count} parameters");
foreach (var p in lstm.Parameters.Parameters.Take(4))
    Console.WriteLine($"  {p}");
Console.WriteLine("  ...");

// Padded (T, B, F) input; pack it like torch.nn.utils.rnn.pack_padded_sequence(enforce_sorted=False).
var rng = new Rng(2);
var padded = Tensor.Zeros(steps, lengths.Length, inputSize);
rng.FillNormal(padded.Data);
var packed = PackedSequence.Pack(padded, lengths);
Console.WriteLine($"packed: {packed.TotalRows} rows, batch sizes [{string.Join(", ", packed.BatchSizes.ToArray())}], sorted order [{string.Join(", ", packed.SortedIndices.ToArray())}]");

var (output, hN, cN) = lstm.Forward(packed);
Console.WriteLine($"output: {output.TotalRows} rows x {output.FeatureSize} (both directions); padded {output.Pad(totalLength: steps).ShapeText}");
Console.WriteLine($"h_n: {hN.ShapeText}, c_n: {cN!.ShapeText}");

// Loss = sum(output * g): backward gives every parameter's gradient, and those of the input and states.
var g = output.WithData(new float[output.Data.Length], output.FeatureSize);
rng.FillNormal(g.Data);
float Loss() => Dot(lstm.Forward(packed).Output.Data, g.Data);
float loss = Dot(output.Data, g.Data);
var (gradInput, gradH0, _) = lstm.Backward(g);
Console.WriteLine($"loss {loss:F5}; grad input {gradInput.TotalRows} x {gradInput.FeatureSize}, grad h0 {gradH0.ShapeText}");

// Check one weight's gradient against central finite differences.
var weight = lstm.Parameters["weight_hh_l0_reverse"];
const int element = 5;
const float eps = 1e-2f;
float analytic = weight.Gradient[element];
float saved = weight.Value[element];
weight.Value[element] = saved + eps;
float plus = Loss();
weight.Value[element] = saved - eps;
float minus = Loss();
weight.Value[element] = saved;
float numeric = (plus - minus) / (2 * eps);
Console.WriteLine($"gradient check {weight.Name}[{element}]: analytic {analytic:F5}, numeric {numeric:F5}, |diff| {MathF.Abs(analytic - numeric):E1}");
return MathF.Abs(analytic - numeric) < 1e-2f * Math.Max(1f, MathF.Abs(numeric)) ? 0 : 1;

static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
