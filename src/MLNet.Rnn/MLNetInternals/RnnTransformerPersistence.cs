using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Rnn;
using MLNet.Rnn.Serialization;

[assembly: LoadableClass(typeof(RnnTransformer), typeof(RnnTransformerPersistence), null, typeof(SignatureLoadModel),
    "MLNet.Rnn transformer", RnnTransformerPersistence.LoaderSignature)]

namespace MLNet.Rnn;

/// <summary>
/// Saving an <see cref="RnnTransformer"/> into ML.NET's <c>model.zip</c> and loading it back, the way ML.NET's own
/// transformers do: a header with our version and loader signature (ML.NET records this assembly's name with it and
/// loads the assembly by that name in a fresh process), then two parts in the transformer's folder,
/// <c>manifest.json</c> and <c>weights.safetensors</c> (see <see cref="ModelPackage"/>), which version the model
/// format themselves.
/// </summary>
internal static class RnnTransformerPersistence
{
    /// <summary>How ML.NET finds the loader; at most 24 characters.</summary>
    internal const string LoaderSignature = "MLNetRnnTransformer";

    private static VersionInfo VersionInfo => new(
        modelSignature: "MLNETRNN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderAssemblyName: typeof(RnnTransformer).Assembly.FullName,
        loaderSignature: LoaderSignature);

    /// <summary>Writes the transformer; the caller holds the model's lock, so the manifest and the weights belong together.</summary>
    public static void Save(ModelSaveContext ctx, System.Text.Json.Nodes.JsonObject manifest, Nn.ParameterStore weights)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfo);
        ctx.SaveBinaryStream(ModelPackage.ManifestPartName, writer => ModelPackage.WriteManifest(writer.BaseStream, manifest));
        ctx.SaveBinaryStream(ModelPackage.WeightsPartName, writer => ModelPackage.WriteWeights(writer.BaseStream, weights));
    }

    /// <summary>The loader ML.NET calls (through <see cref="LoadableClassAttribute"/>) for <c>mlContext.Model.Load</c>.</summary>
    /// <exception cref="InvalidDataException">A part is missing or invalid; the message names the model's folder in the zip and the part.</exception>
    private static RnnTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(VersionInfo);
        try
        {
            var manifest = Read(ctx, ModelPackage.ManifestPartName, stream => ModelPackage.ReadManifest(stream));
            var weights = Read(ctx, ModelPackage.WeightsPartName, stream => ModelPackage.ReadWeights(stream));
            return ModelManifest.Restore(manifest, weights);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The MLNet.Rnn model in '{ctx.Directory}' of the model file cannot be loaded: {e.Message}", e);
        }
    }

    private static T Read<T>(ModelLoadContext ctx, string part, Func<Stream, T> read)
    {
        T? result = default;
        bool found = ctx.TryLoadBinaryStream(part, reader => result = read(reader.BaseStream));
        return found ? result! : throw new InvalidDataException($"Invalid model: part '{part}' is missing.");
    }
}
