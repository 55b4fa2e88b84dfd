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
/// loads the assembly by that name in a fresh process) followed by the SHA-256 of each part, and two parts in the
/// transformer's folder, <c>manifest.json</c> and <c>weights.safetensors</c> (see <see cref="ModelPackage"/>), which
/// version the model format themselves.
/// </summary>
/// <remarks>
/// A damaged or malformed model fails to load with an <see cref="InvalidDataException"/> naming the part. ML.NET calls
/// this loader through reflection and passes its exception on wrapped (in a <c>TargetInvocationException</c>), so what
/// <c>mlContext.Model.Load</c> throws has that exception as its <c>GetBaseException()</c>.
/// </remarks>
internal static class RnnTransformerPersistence
{
    /// <summary>How ML.NET finds the loader; at most 24 characters.</summary>
    internal const string LoaderSignature = "MLNetRnnTransformer";

    private static VersionInfo VersionInfo => new(
        modelSignature: "MLNETRNN",
        // 0x00010002: the header holds the SHA-256 of each part. 0x00010003: value targets standardised (targetNormalizer).
        // No release wrote an older version, so none is read back.
        verWrittenCur: 0x00010003,
        verReadableCur: 0x00010003,
        verWeCanReadBack: 0x00010003,
        loaderAssemblyName: typeof(RnnTransformer).Assembly.FullName,
        loaderSignature: LoaderSignature);

    /// <summary>Writes the transformer; the caller holds the model's lock, so the manifest and the weights belong together.</summary>
    public static void Save(ModelSaveContext ctx, System.Text.Json.Nodes.JsonObject manifest, Nn.ParameterStore weights)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // Encoded and checked before anything is written: a manifest that would not load is refused here.
        var manifestBytes = ModelPackage.EncodeManifest(manifest);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfo);
        byte[] manifestHash = [], weightsHash = [];
        ctx.SaveBinaryStream(ModelPackage.ManifestPartName, writer => manifestHash = ModelPackage.WriteManifest(writer.BaseStream, manifestBytes));
        ctx.SaveBinaryStream(ModelPackage.WeightsPartName, writer => weightsHash = ModelPackage.WriteWeights(writer.BaseStream, weights));
        ctx.Writer.Write(manifestHash);
        ctx.Writer.Write(weightsHash);
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
            byte[] manifestHash = ReadHash(ctx), weightsHash = ReadHash(ctx);
            var manifest = Read(ctx, ModelPackage.ManifestPartName, stream => ModelPackage.ReadManifest(stream, manifestHash));
            var weights = Read(ctx, ModelPackage.WeightsPartName, stream => ModelPackage.ReadWeights(stream, weightsHash));
            return ModelManifest.Restore(manifest, weights);
        }
        catch (InvalidDataException e)
        {
            // No inner exception: ML.NET hands this on inside TargetInvocationExceptions, so callers reach it with
            // GetBaseException(), which must stop here, at the message that says it all.
            throw new InvalidDataException($"The MLNet.Rnn model in '{ctx.Directory}' of the model file cannot be loaded: {e.Message}");
        }
    }

    private static byte[] ReadHash(ModelLoadContext ctx)
    {
        var hash = ctx.Reader.ReadBytes(ModelPackage.HashLength);
        return hash.Length == ModelPackage.HashLength ? hash : throw new InvalidDataException("Invalid model: the header ends before the SHA-256 of its parts.");
    }

    private static T Read<T>(ModelLoadContext ctx, string part, Func<Stream, T> read)
    {
        T? result = default;
        bool found, extracted = false;
        try
        {
            found = ctx.TryLoadBinaryStream(part, reader =>
            {
                extracted = true;
                result = read(reader.BaseStream);
            });
        }
        catch (InvalidDataException e) when (!extracted)
        {
            // ML.NET inflates the entry before handing it over: the zip reader's errors gain the part's name.
            throw new InvalidDataException($"Invalid model: part '{part}' cannot be read ({e.Message}).", e);
        }
        return found ? result! : throw new InvalidDataException($"Invalid model: part '{part}' is missing.");
    }
}
