using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MLNet.Rnn.Data;
using MLNet.Rnn.Models;
using MLNet.Rnn.Serialization;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// What a <c>model.zip</c>'s manifest says about a transformer besides its weights: task and options, the
/// architecture, the input encoding (tokenizer, vocabulary or feature count), the labels (class names or value
/// count) and the normalisation statistics. Loading checks each against the others and against the weights.
/// </summary>
internal static class ModelManifest
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = true };

    public static JsonObject Create(RnnTransformer transformer)
    {
        var input = transformer.Input;
        var labels = transformer.Labels;
        var normalizer = transformer.Model.Normalizer;
        return new JsonObject
        {
            ["task"] = transformer.Options.Task.ToString(),
            ["options"] = JsonSerializer.SerializeToNode(transformer.Options, Json),
            ["model"] = JsonSerializer.SerializeToNode(transformer.Model.Options, Json),
            ["input"] = new JsonObject
            {
                ["kind"] = input.Kind.ToString(),
                ["tokenizer"] = input.Tokenizer is null ? null : JsonSerializer.SerializeToNode(input.Tokenizer, Json),
                ["vocabulary"] = input.Vocabulary is null ? null : JsonSerializer.SerializeToNode(input.Vocabulary.ToSpec(), Json),
                ["featureCount"] = input.FeatureCount,
            },
            ["label"] = labels is null ? null : new JsonObject
            {
                ["kind"] = labels.Kind.ToString(),
                ["classes"] = labels.Classes is null ? null : new JsonArray(labels.Classes.Names.Select(n => (JsonNode)n).ToArray()),
                ["valueCount"] = labels.ValueCount,
            },
            ["normalizer"] = normalizer is null ? null : new JsonObject
            {
                ["means"] = new JsonArray(normalizer.Means.Select(v => (JsonNode)v).ToArray()),
                ["deviations"] = new JsonArray(normalizer.Deviations.Select(v => (JsonNode)v).ToArray()),
            },
        };
    }

    /// <summary>Rebuilds the transformer; every inconsistency is an <see cref="InvalidDataException"/> naming the member.</summary>
    public static RnnTransformer Restore(JsonObject manifest, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        var options = Read<RnnOptions>(manifest, "options");
        var modelOptions = Read<SequenceModelOptions>(manifest, "model");
        try
        {
            modelOptions.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The manifest's 'model' is invalid: {e.Message}", e);
        }

        var inputNode = Member(manifest, "input").AsObject();
        var kind = Enum<ColumnKind>(inputNode, "kind");
        var tokenizer = inputNode["tokenizer"] is null ? null : Read<TokenizerSpec>(inputNode, "tokenizer");
        var vocabulary = inputNode["vocabulary"] is null ? null : Wrap(() => Text.Vocabulary.FromSpec(Read<VocabularySpec>(inputNode, "vocabulary")), "input.vocabulary");
        int featureCount = Member(inputNode, "featureCount").GetValue<int>();
        if ((vocabulary?.Count) != modelOptions.VocabularySize)
            throw new InvalidDataException($"The vocabulary has {vocabulary?.Count.ToString() ?? "no"} tokens but the model expects {modelOptions.VocabularySize?.ToString() ?? "numeric input"}.");
        var input = InputEncoder.Restore(kind, tokenizer, vocabulary, featureCount);

        LabelEncoder? labels = null;
        if (manifest["label"] is JsonObject labelNode)
        {
            var classes = labelNode["classes"] is JsonArray names ? Wrap(() => LabelDictionary.FromNames(names.Select(n => n!.GetValue<string>()).ToArray()), "label.classes") : null;
            labels = LabelEncoder.Restore(Enum<ColumnKind>(labelNode, "kind"), classes, Member(labelNode, "valueCount").GetValue<int>());
            if (labels.Outputs != modelOptions.Outputs)
                throw new InvalidDataException($"The labels give {labels.Outputs} outputs but the model has {modelOptions.Outputs}.");
        }
        else if (options.Task != RnnTask.LanguageModel)
        {
            throw new InvalidDataException($"The manifest has no 'label' for a {options.Task} model.");
        }

        var model = new SequenceModel(modelOptions);
        if (manifest["normalizer"] is JsonObject normalizerNode)
        {
            var means = Member(normalizerNode, "means").AsArray().Select(v => v!.GetValue<float>()).ToArray();
            var deviations = Member(normalizerNode, "deviations").AsArray().Select(v => v!.GetValue<float>()).ToArray();
            model.Normalizer = Wrap(() => new FeatureNormalizer(means, deviations), "normalizer");
        }
        ParameterTransfer.Import(model.Parameters, weights);
        return new RnnTransformer(options, input, labels, model, training: null);
    }

    private static T Read<T>(JsonNode parent, string name)
    {
        try
        {
            return Member(parent, name).Deserialize<T>(Json) ?? throw new InvalidDataException($"The manifest's '{name}' is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The manifest's '{name}' is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static TEnum Enum<TEnum>(JsonNode parent, string name) where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(Member(parent, name).GetValue<string>(), out var value)
            ? value
            : throw new InvalidDataException($"The manifest's '{name}' is not a known {typeof(TEnum).Name}.");

    private static JsonNode Member(JsonNode parent, string name) =>
        parent[name] ?? throw new InvalidDataException($"The manifest has no '{name}'.");

    private static T Wrap<T>(Func<T> create, string member)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The manifest's '{member}' is invalid: {e.Message}", e);
        }
    }
}
