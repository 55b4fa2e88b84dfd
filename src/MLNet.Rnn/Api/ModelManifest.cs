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
    // Enums by name only: a number in their place is not a value the library wrote.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) }, WriteIndented = true };

    public static JsonObject Create(RnnTransformer transformer)
    {
        var input = transformer.Input;
        var labels = transformer.Labels;
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
                ["characters"] = input.Characters is null ? null : JsonSerializer.SerializeToNode(input.Characters.ToSpec(), Json),
                ["lowerCasesTokens"] = input.Kind == InputKind.Tokens ? input.LowerCasesTokens : null,
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
            ["normalizer"] = StandardizerNode(transformer.Model.Normalizer),
            ["targetNormalizer"] = StandardizerNode(transformer.Model.TargetNormalizer),
        };
    }

    private static JsonObject? StandardizerNode(Standardizer? standardizer) => standardizer is null ? null : new JsonObject
    {
        ["means"] = new JsonArray(standardizer.Means.Select(v => (JsonNode)v).ToArray()),
        ["deviations"] = new JsonArray(standardizer.Deviations.Select(v => (JsonNode)v).ToArray()),
    };

    private static Standardizer? ReadStandardizer(JsonObject manifest, string name) => manifest[name] is JsonObject node
        ? Wrap(() => new Standardizer(Floats(node, "means"), Floats(node, "deviations")), name)
        : null;

    /// <summary>
    /// Rebuilds the transformer. The whole manifest is checked first (every enum defined, sizes within
    /// <see cref="ModelLimits"/>, the options against the architecture, the task against the head and the labels, the
    /// input encoding, the normaliser), then every parameter's name, shape and values against the weights, before
    /// anything is built; any problem is an <see cref="InvalidDataException"/> naming the member.
    /// </summary>
    public static RnnTransformer Restore(JsonObject manifest, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        try
        {
            return RestoreChecked(manifest, weights);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or KeyNotFoundException or OverflowException)
        {
            // A value of the wrong JSON kind where a string or number belongs, say.
            throw new InvalidDataException($"The manifest is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs every check <see cref="Restore"/> runs on the manifest itself, building nothing: <c>Save</c> refuses a model
    /// whose manifest would not load.
    /// </summary>
    /// <exception cref="InvalidOperationException">The manifest would not load; the message says why.</exception>
    public static void CheckLoads(JsonObject manifest)
    {
        try
        {
            Parse(manifest);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or JsonException or KeyNotFoundException or OverflowException)
        {
            throw new InvalidOperationException($"The model was not saved: it would not load: {e.Message}", e);
        }
    }

    private static RnnTransformer RestoreChecked(JsonObject manifest, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        var (options, modelOptions, input, labels, normalizer, targetNormalizer) = Parse(manifest);
        // Names, shapes and values against the weights, before the model allocates anything.
        ParameterTransfer.CheckMatches(modelOptions.ParameterShapes(), weights);
        var model = new SequenceModel(modelOptions) { Normalizer = normalizer, TargetNormalizer = targetNormalizer };
        ParameterTransfer.Import(model.Parameters, weights);
        return new RnnTransformer(options, input, labels, model, training: null);
    }

    private static (RnnOptions Options, SequenceModelOptions Model, InputEncoder Input, LabelEncoder Labels, Standardizer? Normalizer, Standardizer? TargetNormalizer) Parse(JsonObject manifest)
    {
        // The manifest holds every option's value; a null one (not written by this library) takes its task's default,
        // except the options added since the first release: a model saved before them trained without them.
        var modelOptions = Read<SequenceModelOptions>(manifest, "model");
        var written = Read<RnnOptions>(manifest, "options");
        var options = TaskDefaults.Apply(written with { WordDropout = written.WordDropout ?? 0, Crf = written.Crf ?? modelOptions.Crf, CharacterFeatures = written.CharacterFeatures ?? modelOptions.CharacterFilters });
        Wrap(() => { RnnEstimator.Validate(options); return true; }, "options");
        Wrap(() => { modelOptions.Validate(); return true; }, "model");
        CheckOptions(options, modelOptions);

        var inputNode = Object(manifest, "input");
        var inputKind = Enum<InputKind>(inputNode, "kind");
        var tokenizer = inputNode["tokenizer"] is null ? null : Read<TokenizerSpec>(inputNode, "tokenizer");
        if (tokenizer is not null)
            Wrap(tokenizer.Create, "input.tokenizer");
        var vocabulary = inputNode["vocabulary"] is null ? null : Wrap(() => Vocabulary.FromSpec(Read<VocabularySpec>(inputNode, "vocabulary")), "input.vocabulary");
        var characters = inputNode["characters"] is null ? null : Wrap(() => Vocabulary.FromSpec(Read<VocabularySpec>(inputNode, "characters")), "input.characters");
        // Token inputs kept their case before the manifest said otherwise.
        bool? lowerCasesTokens = OptionalBool(inputNode, "lowerCasesTokens");
        Check(lowerCasesTokens is null || inputKind == InputKind.Tokens, $"input.lowerCasesTokens is given for {inputKind} input");
        var input = InputEncoder.Restore(inputKind, tokenizer, vocabulary, characters, lowerCasesTokens ?? false, Int(inputNode, "keyCount"), ReadKeyValues(inputNode, "input.keyValues"),
            Int(inputNode, "featuresPerStep"), Int(inputNode, "windowSize"));
        CheckInput(input, modelOptions);

        var labelNode = Object(manifest, "label");
        var labels = LabelEncoder.Restore(Enum<LabelKind>(labelNode, "kind"), Int(labelNode, "classCount"), ReadKeyValues(labelNode, "label.keyValues"), Int(labelNode, "valueCount"));
        CheckLabels(options.Task, labels, input, modelOptions);

        var normalizer = ReadStandardizer(manifest, "normalizer");
        Check(modelOptions.UsesTokens ? normalizer is null : (normalizer is not null) == options.NormalizeFeatures,
            modelOptions.UsesTokens ? "a normalizer is given for token input" : $"NormalizeFeatures is {options.NormalizeFeatures} but the normalizer is {(normalizer is null ? "missing" : "there")}");
        Check(normalizer is null || normalizer.FeatureCount == modelOptions.FeatureCount, $"the normalizer is for {normalizer?.FeatureCount} features, the model reads {modelOptions.FeatureCount}");
        var targetNormalizer = ReadStandardizer(manifest, "targetNormalizer");
        bool valueTargets = options.Task is RnnTask.Regression or RnnTask.Forecasting;
        Check((targetNormalizer is not null) == (valueTargets && options.NormalizeTargets),
            valueTargets ? $"NormalizeTargets is {options.NormalizeTargets} but the target normalizer is {(targetNormalizer is null ? "missing" : "there")}" : $"a target normalizer is given for the task {options.Task}");
        Check(targetNormalizer is null || targetNormalizer.FeatureCount == modelOptions.Outputs, $"the target normalizer is for {targetNormalizer?.FeatureCount} values, the model has {modelOptions.Outputs} outputs");
        return (options, modelOptions, input, labels, normalizer, targetNormalizer);
    }

    /// <summary>The options the model was trained with must describe its architecture.</summary>
    private static void CheckOptions(RnnOptions options, SequenceModelOptions model)
    {
        var mode = options.Cell!.Value switch
        {
            RecurrentCell.Gru => Nn.RecurrentMode.Gru,
            RecurrentCell.Rnn => Nn.RecurrentMode.RnnTanh,
            RecurrentCell.RnnRelu => Nn.RecurrentMode.RnnRelu,
            _ => Nn.RecurrentMode.Lstm,
        };
        Check(mode == model.Mode, $"options.Cell {options.Cell} does not match model.Mode {model.Mode}");
        Check(options.HiddenSize == model.HiddenSize && options.NumLayers == model.NumLayers && options.Bidirectional == model.Bidirectional,
            "options.HiddenSize, NumLayers and Bidirectional do not match the model's");
        Check(!model.UsesTokens || options.EmbeddingSize == model.EmbeddingSize, "options.EmbeddingSize does not match the model's");
        var pooled = options.Pooling switch { SequencePooling.Mean => HeadKind.Mean, SequencePooling.Max => HeadKind.Max, _ => HeadKind.LastHidden };
        Check(model.Head == HeadKind.PerStep || model.Head == pooled, $"options.Pooling {options.Pooling} does not match model.Head {model.Head}");
        Check(options.Crf == model.Crf, $"options.Crf {options.Crf} does not match model.Crf {model.Crf}");
        // Token keys and numbers ignore the option, so their models have none.
        Check(model.CharacterFilters == 0 || options.CharacterFeatures == model.CharacterFilters, $"options.CharacterFeatures {options.CharacterFeatures} does not match model.CharacterFilters {model.CharacterFilters}");
    }

    /// <summary>The input encoding must be exactly what its kind has (and nothing of another kind's) and fit the model.</summary>
    private static void CheckInput(InputEncoder input, SequenceModelOptions model)
    {
        Check(input.UsesTokens == model.UsesTokens, $"input.kind {input.Kind} does not match a model that reads {(model.UsesTokens ? "tokens" : "numbers")}");
        bool words = input.Kind is InputKind.Text or InputKind.Tokens, keys = input.Kind == InputKind.TokenKeys, numbers = !input.UsesTokens;
        Check((input.Tokenizer is not null) == (input.Kind == InputKind.Text), $"input.tokenizer is {(input.Tokenizer is null ? "missing" : "given")} for {input.Kind} input");
        Check((input.Vocabulary is not null) == words, $"input.vocabulary is {(input.Vocabulary is null ? "missing" : "given")} for {input.Kind} input");
        Check(keys ? input.KeyCount > 0 : input.KeyCount == 0 && input.KeyValues is null, $"input.keyCount and keyValues do not fit {input.Kind} input");
        Check(numbers ? input.FeaturesPerStep > 0 : input.FeaturesPerStep == 0 && input.WindowSize == 0, $"input.featuresPerStep and windowSize do not fit {input.Kind} input");
        Check((input.Characters is not null) == model.UsesCharacters, $"input.characters is {(input.Characters is null ? "missing" : "given")} for a model {(model.UsesCharacters ? "with" : "without")} character features");
        Check(input.Characters is null || words, $"input.characters is given for {input.Kind} input");
        Check(input.Characters is null || input.Characters.Count == model.CharacterVocabularySize, $"the character vocabulary has {input.Characters?.Count} characters but the model expects {model.CharacterVocabularySize}");
        if (words)
            Check(input.Vocabulary!.Count == model.VocabularySize, $"the vocabulary has {input.Vocabulary.Count} tokens but the model expects {model.VocabularySize}");
        else if (keys)
        {
            Check(input.KeyCount + 1 == model.VocabularySize, $"input.keyCount {input.KeyCount} does not match the model's {model.VocabularySize} embedding rows");
            Check(input.KeyValues is null || input.KeyValues.Count == input.KeyCount, "input.keyValues has a value count other than input.keyCount");
        }
        else
        {
            Check(input.FeaturesPerStep == model.FeatureCount, $"input.featuresPerStep {input.FeaturesPerStep} does not match the model's {model.FeatureCount} features");
            Check(input.Kind == InputKind.Sequence ? input.WindowSize == 0 : input.WindowSize > 0 && input.WindowSize % input.FeaturesPerStep == 0,
                $"input.windowSize {input.WindowSize} does not fit {input.Kind} input of {input.FeaturesPerStep} features per step");
        }
    }

    /// <summary>The labels must be exactly what their kind has, fit the task and the head, and give the model's outputs.</summary>
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
        bool classes = labels.Kind is LabelKind.ClassKey or LabelKind.Boolean or LabelKind.TagKeys or LabelKind.TagText;
        bool values = labels.Kind is LabelKind.Value or LabelKind.Values;
        Check(classes ? labels.ClassCount > 0 && labels.ValueCount == 0 : labels.ClassCount == 0, $"label.classCount and valueCount do not fit {labels.Kind} labels");
        Check(values ? labels.ValueCount > 0 && (labels.Kind == LabelKind.Values || labels.ValueCount == 1) : labels.ValueCount == 0, $"label.valueCount does not fit {labels.Kind} labels");
        Check(labels.Kind != LabelKind.Boolean || labels.ClassCount == 2, "a Boolean label has two classes");
        Check(labels.KeyValues is null || labels.Kind is LabelKind.ClassKey or LabelKind.TagKeys or LabelKind.TagText, $"label.keyValues are given for {labels.Kind} labels");
        Check(labels.Kind != LabelKind.TagText || labels.KeyValues is not null, "label.keyValues (the tags) are missing for text tags");
        Check(labels.KeyValues is null || labels.KeyValues.Count == labels.ClassCount, "label.keyValues has a value count other than label.classCount");
        int outputs = task == RnnTask.LanguageModel ? input.VocabularySize : labels.Outputs;
        Check(outputs == model.Outputs, $"the labels give {outputs} outputs but the model has {model.Outputs}");
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
        var values = Member(node, "values") as JsonArray ?? throw new InvalidDataException($"The manifest's '{path}.values' is not an array.");
        var texts = values.Select(v => v is JsonValue value && value.TryGetValue(out string? text) ? text : throw new InvalidDataException($"The manifest's '{path}' holds something other than text.")).ToArray();
        return KeyValues.Restore(Member(node, "type") is JsonValue type && type.TryGetValue(out string? typeName) ? typeName : throw new InvalidDataException($"The manifest's '{path}.type' is not text."), texts);
    }

    private static T Read<T>(JsonNode parent, string name)
    {
        try
        {
            return Member(parent, name).Deserialize<T>(Json) ?? throw new InvalidDataException($"The manifest's '{name}' is null.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"The manifest's '{name}' is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static JsonObject Object(JsonNode parent, string name) =>
        Member(parent, name) as JsonObject ?? throw new InvalidDataException($"The manifest's '{name}' is not an object.");

    private static float[] Floats(JsonNode parent, string name) =>
        (Member(parent, name) as JsonArray ?? throw new InvalidDataException($"The manifest's '{name}' is not an array."))
            .Select(v => v is JsonValue value && value.TryGetValue(out float f) ? f : throw new InvalidDataException($"The manifest's '{name}' holds something other than a number."))
            .ToArray();

    private static int Int(JsonNode parent, string name) =>
        Member(parent, name) is JsonValue v && v.TryGetValue(out int value) && value >= 0
            ? value
            : throw new InvalidDataException($"The manifest's '{name}' is not a non-negative integer.");

    private static bool? OptionalBool(JsonNode parent, string name) => parent[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out bool value) => value,
        _ => throw new InvalidDataException($"The manifest's '{name}' is not true or false."),
    };

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
