using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MLNet.Rnn.Models;
using MLNet.Rnn.Serialization;
using MLNet.Rnn.Text;

namespace MLNet.Rnn;

/// <summary>
/// What a saved model's <c>manifest.json</c> says besides its weights: task and options, the architecture, the input
/// encoding (tokenizer and vocabulary, key count, or features per step), the labels (classes and the values they
/// stand for, or values per row) and the normalisation statistics. Loading checks each against the others and against
/// the weights before anything is built.
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
                ["keyCount"] = input.KeyCount,
                ["keyValues"] = KeyValuesNode(input.KeyValues),
                ["featuresPerStep"] = input.FeaturesPerStep,
                ["windowSize"] = input.WindowSize,
            },
            ["label"] = new JsonObject
            {
                ["kind"] = labels.Kind.ToString(),
                ["classCount"] = labels.ClassCount,
                ["keyValues"] = KeyValuesNode(labels.KeyValues),
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
        Check(System.Enum.IsDefined(options.Task), "options.Task is not a known task");
        Wrap(() => { modelOptions.Validate(); return true; }, "model");

        var inputNode = Member(manifest, "input").AsObject();
        var inputKind = Enum<InputKind>(inputNode, "kind");
        var tokenizer = inputNode["tokenizer"] is null ? null : Read<TokenizerSpec>(inputNode, "tokenizer");
        if (tokenizer is not null)
            Wrap(tokenizer.Create, "input.tokenizer");
        var vocabulary = inputNode["vocabulary"] is null ? null : Wrap(() => Vocabulary.FromSpec(Read<VocabularySpec>(inputNode, "vocabulary")), "input.vocabulary");
        var input = InputEncoder.Restore(inputKind, tokenizer, vocabulary, Int(inputNode, "keyCount"), ReadKeyValues(inputNode, "input.keyValues"),
            Int(inputNode, "featuresPerStep"), Int(inputNode, "windowSize"));
        CheckInput(input, modelOptions);

        var labelNode = Member(manifest, "label").AsObject();
        var labels = LabelEncoder.Restore(Enum<LabelKind>(labelNode, "kind"), Int(labelNode, "classCount"), ReadKeyValues(labelNode, "label.keyValues"), Int(labelNode, "valueCount"));
        CheckLabels(options.Task, labels, input, modelOptions);

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

    private static void CheckInput(InputEncoder input, SequenceModelOptions model)
    {
        Check(input.UsesTokens == model.UsesTokens, $"input.kind {input.Kind} does not match a model that reads {(model.UsesTokens ? "tokens" : "numbers")}");
        if (input.Kind is InputKind.Text or InputKind.Tokens)
        {
            Check(input.Vocabulary is not null, "input.vocabulary is missing");
            Check(input.Vocabulary!.Count == model.VocabularySize, $"the vocabulary has {input.Vocabulary.Count} tokens but the model expects {model.VocabularySize}");
            Check(input.Kind == InputKind.Tokens || input.Tokenizer is not null, "input.tokenizer is missing for text input");
        }
        else if (input.Kind == InputKind.TokenKeys)
        {
            Check(input.KeyCount > 0 && input.KeyCount + 1 == model.VocabularySize, $"input.keyCount {input.KeyCount} does not match the model's {model.VocabularySize} embedding rows");
            Check(input.KeyValues is null || input.KeyValues.Count == input.KeyCount, "input.keyValues has a value count other than input.keyCount");
        }
        else
        {
            Check(input.FeaturesPerStep == model.FeatureCount, $"input.featuresPerStep {input.FeaturesPerStep} does not match the model's {model.FeatureCount} features");
            Check(input.Kind == InputKind.Sequence ? input.WindowSize == 0 : input.WindowSize > 0 && input.WindowSize % input.FeaturesPerStep == 0,
                $"input.windowSize {input.WindowSize} does not fit {input.Kind} input of {input.FeaturesPerStep} features per step");
        }
    }

    private static void CheckLabels(RnnTask task, LabelEncoder labels, InputEncoder input, SequenceModelOptions model)
    {
        bool fits = task switch
        {
            RnnTask.Classification => labels.Kind is LabelKind.ClassKey or LabelKind.Boolean && model.Head != HeadKind.PerStep,
            RnnTask.Regression or RnnTask.Forecasting => labels.Kind is LabelKind.Value or LabelKind.Values && model.Head != HeadKind.PerStep,
            RnnTask.Tagging => labels.IsTagging && model.Head == HeadKind.PerStep,
            _ => labels.Kind == LabelKind.None && model.Head == HeadKind.PerStep && !model.Bidirectional,
        };
        Check(fits, $"label.kind {labels.Kind} and head {model.Head} do not fit the task {task}");
        int outputs = task == RnnTask.LanguageModel ? input.VocabularySize : labels.Outputs;
        Check(outputs == model.Outputs, $"the labels give {outputs} outputs but the model has {model.Outputs}");
        Check(labels.KeyValues is null || labels.KeyValues.Count == labels.ClassCount, "label.keyValues has a value count other than label.classCount");
        Check(labels.Kind != LabelKind.Values || labels.ValueCount >= 1, "label.valueCount must be at least 1");
    }

    private static JsonNode? KeyValuesNode(KeyValues? values) => values is null ? null : new JsonObject
    {
        ["type"] = values.ItemTypeName,
        ["values"] = new JsonArray(values.Texts.Select(v => (JsonNode)v).ToArray()),
    };

    private static KeyValues? ReadKeyValues(JsonObject parent, string path)
    {
        if (parent["keyValues"] is not JsonObject node)
            return null;
        var texts = Member(node, "values").AsArray().Select(v => v?.GetValue<string>() ?? throw new InvalidDataException($"The manifest's '{path}' holds a null value.")).ToArray();
        return KeyValues.Restore(Member(node, "type").GetValue<string>(), texts);
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

    private static int Int(JsonNode parent, string name) =>
        Member(parent, name) is JsonValue v && v.TryGetValue(out int value) && value >= 0
            ? value
            : throw new InvalidDataException($"The manifest's '{name}' is not a non-negative integer.");

    private static TEnum Enum<TEnum>(JsonNode parent, string name) where TEnum : struct, Enum =>
        Member(parent, name) is JsonValue v && v.TryGetValue(out string? text) && System.Enum.TryParse<TEnum>(text, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new InvalidDataException($"The manifest's '{name}' is not a known {typeof(TEnum).Name}.");

    private static JsonNode Member(JsonNode parent, string name) =>
        parent[name] ?? throw new InvalidDataException($"The manifest has no '{name}'.");

    private static void Check(bool condition, string problem)
    {
        if (!condition)
            throw new InvalidDataException($"The manifest is inconsistent: {problem}.");
    }

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
