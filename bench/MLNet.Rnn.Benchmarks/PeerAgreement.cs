using MLNet.Rnn.Models;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Benchmarks;

/// <summary>
/// Checks that the ONNX Runtime peer computes the function the managed engine computes, so that their speeds compare the
/// same work: the exported model's weights (<c>CASE.safetensors</c> beside <c>CASE.onnx</c>, written by
/// <c>eng/export_onnx_peer.sh</c>) go into the managed model, and both score the same sequences.
/// </summary>
internal static class PeerAgreement
{
    /// <summary>
    /// The largest difference allowed, relative to the largest output: float32 rounding stays orders of magnitude below,
    /// while a different function (a reverse direction reading the padding, other weights) is far above.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// The largest difference between the peer's outputs and the managed engine's serving path on <paramref name="data"/>
    /// (valid steps only), relative to the managed engine's largest output.
    /// </summary>
    /// <exception cref="InvalidOperationException">The weights were not exported, or the outputs differ beyond the tolerance.</exception>
    public static double Check(OnnxRuntimePeer peer, BenchCase c, string onnxFolder, IEnumerable<CaseData> data)
    {
        string path = Path.Combine(onnxFolder, c.Name + ".safetensors");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing, so ONNX Runtime cannot be checked against the managed engine: run eng/export_onnx_peer.sh again.");
        var model = new SequenceModel(c.ModelOptions());
        using (var file = File.OpenRead(path))
            ParameterTransfer.Import(model.Parameters, SafeTensors.Read(file).Tensors);
        var scorer = new ModelReplicas(model);

        double worst = 0;
        foreach (var d in data)
        {
            var batch = d.ToBatch();
            float[] ours = scorer.Logits(batch);
            float[] theirs = InModelOrder(peer.Scores(peer.Input(d)), batch, c);
            double largest = ours.Max(MathF.Abs), difference = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            worst = Math.Max(worst, difference / largest);
        }
        // Negated so that NaN fails too.
        if (!(worst <= Tolerance))
            throw new InvalidOperationException($"ONNX Runtime computes another function than the managed engine on {c.Name}: outputs differ by {worst:E2} of the largest (at most {Tolerance:E0} allowed). If export.py now makes its weights differently, eng/onnx_peer_weights.py must follow.");
        return worst;
    }

    /// <summary>The peer's padded outputs as the managed model's rows: one per sequence, or per valid step in packed order.</summary>
    private static float[] InModelOrder(float[] padded, SequenceBatch batch, BenchCase c)
    {
        if (!c.PerStep)
            return padded;
        var layout = batch.Layout;
        var rows = new float[layout.TotalRows * c.Outputs];
        SequenceBatch.ForEachRow(layout, (row, b, t) => Array.Copy(padded, (b * layout.MaxLength + t) * c.Outputs, rows, row * c.Outputs, c.Outputs));
        return rows;
    }
}
