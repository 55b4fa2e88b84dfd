using System.Numerics.Tensors;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn.Recurrent;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Nn;

/// <summary>
/// A multi-layer, optionally bidirectional recurrent module with PyTorch's semantics
/// (<c>torch.nn.RNN</c>, <c>LSTM</c>, <c>GRU</c>): the same parameter names, shapes, gate order,
/// initialisation and packed-sequence rules. <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/>
/// are its concrete forms.
/// </summary>
/// <remarks>
/// <para>Forward keeps the activations the backward pass needs; <c>Backward</c> uses those of the latest
/// <c>Forward</c> and accumulates parameter gradients into <see cref="Parameters"/>' gradient buffer.
/// Buffers are reused across calls, so one module serves one thread at a time.</para>
/// <para>Padded input is treated as a packed batch whose sequences all have the full length, so both
/// paths share one engine and give PyTorch's results.</para>
/// </remarks>
internal abstract class RecurrentModule
{
    private readonly DirectionWeights[] _weights; // layer * directions + direction
    private readonly LayerBuffers[] _layers;
    private readonly Rng _dropoutRng;
    private PackedSequence? _layout;
    private bool _lastWasPadded;
    private float[] _hState = [], _cState = [], _finalHidden = [], _finalCell = [];

    // The pass in progress, read by the thread team's parts: its layout, the range bounds of a split, the layer's output gradient.
    private PackedSequence? _running;
    private readonly int[] _bounds = new int[3];
    private float[]? _layerGradient;

    // Step-GEMM multiply-adds (rows x H x gates x H) below which one thread runs all sequences: a few hundred
    // microseconds, the cost of starting and finishing the team many times over.
    private const double MinWorkToSplit = 4e6;

    // Multiply-adds of one step's GEMM below which two threads would spend more meeting each step than they save (a
    // step of 64K, on two cores, is a few microseconds; the barrier a fraction of one).
    private const double MinStepWorkToShare = 6.5e4;

    // Threads that share a direction's hidden units.
    private const int UnitShares = 2;

    // The largest table of token projections (vocabulary x gates x H floats, 4 MiB) a frozen first layer keeps per direction
    // to look tokens up: character and other small-vocabulary models; word models multiply instead.
    private const long MaxTokenTableFloats = 1 << 20;

    // The first layer's token ids during a pass that looks their projections up, or null.
    private TokenInput? _tokens;

    private readonly StepBarrier _barrier = new();

    private protected RecurrentModule(
        RecurrentMode mode, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        bool bidirectional, float dropout, ulong seed, ParameterStore? store, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        ArgumentNullException.ThrowIfNull(prefix);

        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        Bidirectional = bidirectional;
        Dropout = dropout;
        Parameters = store ?? new ParameterStore();

        int directions = Directions, perDirection = bias ? 4 : 2;
        var registered = ParameterShapes(mode, inputSize, hiddenSize, numLayers, bias, bidirectional, prefix).Select(p => Parameters.Add(p.Name, p.Shape)).ToArray();
        _weights = new DirectionWeights[numLayers * directions];
        _layers = new LayerBuffers[numLayers];
        for (int layer = 0; layer < numLayers; layer++)
        {
            for (int d = 0; d < directions; d++)
            {
                int first = (layer * directions + d) * perDirection;
                _weights[layer * directions + d] = new DirectionWeights(registered[first], registered[first + 1],
                    bias ? registered[first + 2] : null, bias ? registered[first + 3] : null, reverse: d == 1);
            }
            _layers[layer] = new LayerBuffers { Directions = [.. Enumerable.Range(0, directions).Select(_ => new DirectionTape())] };
        }

        // PyTorch: every weight and bias ~ U(-1/sqrt(hidden), 1/sqrt(hidden)).
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        foreach (var w in _weights)
            foreach (var p in w.All())
                rng.FillUniform(p.Value, -bound, bound);
        _dropoutRng = new Rng(seed ^ 0x5DEECE66DUL);
    }

    /// <summary>
    /// The parameters a module of these settings registers, in PyTorch's order (per layer and direction:
    /// <c>weight_ih</c>, <c>weight_hh</c>, then <c>bias_ih</c>, <c>bias_hh</c> when it has biases), with their shapes.
    /// </summary>
    public static IEnumerable<(string Name, int[] Shape)> ParameterShapes(RecurrentMode mode, int inputSize, int hiddenSize, int numLayers,
        bool bias, bool bidirectional, string prefix = "")
    {
        int directions = bidirectional ? 2 : 1, gateRows = mode.GateCount() * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++)
        {
            int layerInput = layer == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++)
            {
                string suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
                yield return ($"{prefix}weight_ih{suffix}", [gateRows, layerInput]);
                yield return ($"{prefix}weight_hh{suffix}", [gateRows, hiddenSize]);
                if (bias)
                {
                    yield return ($"{prefix}bias_ih{suffix}", [gateRows]);
                    yield return ($"{prefix}bias_hh{suffix}", [gateRows]);
                }
            }
        }
    }

    /// <summary>The cell.</summary>
    public RecurrentMode Mode { get; }

    /// <summary>Features per step of the input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state, per direction.</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have b_ih and b_hh.</summary>
    public bool HasBias { get; }

    /// <summary>Whether padded inputs and outputs are <c>(B, T, F)</c> rather than <c>(T, B, F)</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether each layer also runs from each sequence's end back to its start.</summary>
    public bool Bidirectional { get; }

    /// <summary>1 or 2.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>The probability of zeroing each output of every layer but the last, in training only.</summary>
    public float Dropout { get; }

    /// <summary>Whether dropout is active; set false for evaluation and inference (PyTorch's <c>eval()</c>).</summary>
    public bool Training { get; set; } = true;

    /// <summary>
    /// Promises that the weights will not change again (a model copy made only to serve predictions), so the packed
    /// W_hh^T of the first forward pass is reused by every later one.
    /// </summary>
    internal bool WeightsFrozen { get; set; }

    /// <summary>The parameters (named like PyTorch's) and their gradients, in one flat buffer each.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>Runs a padded batch where every sequence has the full length.</summary>
    /// <param name="input"><c>(T, B, InputSize)</c>, or <c>(B, T, InputSize)</c> when <see cref="BatchFirst"/>.</param>
    /// <param name="h0">Initial hidden state <c>(layers * directions, B, HiddenSize)</c>, or null for zeros.</param>
    /// <param name="c0">LSTM only: initial cell state, same shape, or null for zeros.</param>
    public RecurrentOutput<Tensor> Forward(Tensor input, Tensor? h0 = null, Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Size(2) != InputSize)
            throw new ArgumentException($"Expected input of shape {(BatchFirst ? "(B, T, " : "(T, B, ")}{InputSize}), got {input.ShapeText}.", nameof(input));
        if (input.Size(0) == 0 || input.Size(1) == 0)
            throw new ArgumentException($"Input {input.ShapeText} has no steps or no sequences.", nameof(input));
        int steps = input.Size(BatchFirst ? 1 : 0), batch = input.Size(BatchFirst ? 0 : 1);
        var lengths = new int[batch];
        Array.Fill(lengths, steps);
        var packed = PackedSequence.Pack(input, lengths, BatchFirst);
        var (output, hN, cN) = Run(packed, h0, c0);
        _lastWasPadded = true;
        return new(output.Pad(BatchFirst), hN, cN);
    }

    /// <summary>Runs a packed batch of variable-length sequences.</summary>
    /// <param name="input">Rows of <see cref="InputSize"/> features.</param>
    /// <param name="h0">Initial hidden state <c>(layers * directions, B, HiddenSize)</c> in original batch order, or null for zeros.</param>
    /// <param name="c0">LSTM only: initial cell state, same shape, or null for zeros.</param>
    public RecurrentOutput<PackedSequence> Forward(PackedSequence input, Tensor? h0 = null, Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.FeatureSize != InputSize)
            throw new ArgumentException($"Expected packed rows of {InputSize} features, got {input.FeatureSize}.", nameof(input));
        var result = Run(input, h0, c0);
        _lastWasPadded = false;
        return new(result.Output, result.HiddenState, result.CellState);
    }

    /// <summary>Backward through the latest padded <see cref="Forward(Tensor, Tensor?, Tensor?)"/>.</summary>
    /// <param name="gradOutput">dL/d output, shaped like the output, or null when the loss does not use it.</param>
    /// <param name="gradHiddenState">dL/d h_n, or null for zeros.</param>
    /// <param name="gradCellState">LSTM only: dL/d c_n, or null for zeros.</param>
    public RecurrentGradients<Tensor> Backward(Tensor? gradOutput, Tensor? gradHiddenState = null, Tensor? gradCellState = null)
    {
        var layout = RequireForward(padded: true);
        PackedSequence? packedGrad = null;
        if (gradOutput is not null)
        {
            int steps = layout.MaxLength, batch = layout.BatchSize, width = Directions * HiddenSize;
            ExpectShape(gradOutput, nameof(gradOutput), BatchFirst ? [batch, steps, width] : [steps, batch, width]);
            packedGrad = PackedSequence.Pack(gradOutput, layout.Lengths(), BatchFirst);
        }
        var (dh0, dc0) = BackwardInPlace(packedGrad?.Data, gradHiddenState, gradCellState);
        return new(layout.WithData(InputGradient.ToArray(), InputSize).Pad(BatchFirst), dh0, dc0);
    }

    /// <summary>Backward through the latest packed <see cref="Forward(PackedSequence, Tensor?, Tensor?)"/>.</summary>
    /// <param name="gradOutput">dL/d output with the output's layout, or null when the loss does not use it.</param>
    /// <param name="gradHiddenState">dL/d h_n, or null for zeros.</param>
    /// <param name="gradCellState">LSTM only: dL/d c_n, or null for zeros.</param>
    public RecurrentGradients<PackedSequence> Backward(PackedSequence? gradOutput, Tensor? gradHiddenState = null, Tensor? gradCellState = null)
    {
        var layout = RequireForward(padded: false);
        if (gradOutput is not null && (gradOutput.FeatureSize != Directions * HiddenSize || gradOutput.TotalRows != layout.TotalRows))
            throw new ArgumentException(
                $"Expected a gradient of {layout.TotalRows} packed rows of {Directions * HiddenSize} features, got {gradOutput.TotalRows} rows of {gradOutput.FeatureSize}.",
                nameof(gradOutput));
        var (dh0, dc0) = BackwardInPlace(gradOutput?.Data, gradHiddenState, gradCellState);
        return new(layout.WithData(InputGradient.ToArray(), InputSize), dh0, dc0);
    }

    private RecurrentOutput<PackedSequence> Run(PackedSequence input, Tensor? h0, Tensor? c0)
    {
        RunInPlace(input, input.Data, h0, c0);
        var (hidden, cell) = CopyFinalState();
        return new(input.WithData(LastOutput.ToArray(), Directions * HiddenSize), hidden, cell);
    }

    /// <summary>Copies of the latest pass's h_n and (LSTM only) c_n, shaped (layers * directions, batch, H).</summary>
    internal (Tensor Hidden, Tensor? Cell) CopyFinalState()
    {
        var shape = StateShape(_layout!.BatchSize);
        return (new Tensor(FinalHidden.ToArray(), shape), Mode.HasCellState() ? new Tensor(FinalCell.ToArray(), shape) : null);
    }

    /// <summary>
    /// Runs the rows <paramref name="data"/> holds (its first TotalRows x InputSize values) in the layout of
    /// <paramref name="input"/>, leaving the results in the module's own buffers (<see cref="LastOutput"/>,
    /// <see cref="FinalHidden"/>, <see cref="FinalCell"/>) until the next pass: passes over batches no larger than
    /// an earlier one allocate nothing, which serving one row at a time needs.
    /// </summary>
    internal void RunInPlace(PackedSequence input, float[] data, Tensor? h0, Tensor? c0) => Run(input, data, null, h0, c0);

    /// <summary>
    /// Whether <see cref="RunInPlace(PackedSequence, TokenInput, Tensor?, Tensor?)"/> applies to a vocabulary of this
    /// size: a frozen module in evaluation, whose table of every token's projection stays small per direction.
    /// </summary>
    internal bool LooksUpTokens(int vocabulary) => WeightsFrozen && !Training && (long)vocabulary * Mode.GateCount() * HiddenSize <= MaxTokenTableFloats;

    /// <summary>
    /// As <see cref="RunInPlace(PackedSequence, float[], Tensor?, Tensor?)"/> with the first layer's input given as token
    /// ids into an embedding matrix of <see cref="InputSize"/> columns, when <see cref="LooksUpTokens"/>: the same bits,
    /// with each token's input projection looked up rather than computed.
    /// </summary>
    internal void RunInPlace(PackedSequence input, TokenInput tokens, Tensor? h0, Tensor? c0)
    {
        if (!LooksUpTokens(tokens.Embedding.Shape[0]))
            throw new InvalidOperationException("Token lookup is for frozen modules in evaluation with a small vocabulary.");
        Run(input, null, tokens, h0, c0);
    }

    private void Run(PackedSequence input, float[]? data, TokenInput? tokens, Tensor? h0, Tensor? c0)
    {
        int batch = input.BatchSize, rows = input.TotalRows, hidden = HiddenSize, directions = Directions, width = directions * hidden;
        if (h0 is not null || c0 is not null)
            CheckStates(h0, c0, nameof(h0), nameof(c0), StateShape(batch));
        bool cells = Mode.HasCellState();
        int states = NumLayers * directions * batch * hidden;
        Buffers.Grow(ref _hState, (long)directions * batch * hidden);
        Buffers.Grow(ref _finalHidden, states);
        if (cells)
        {
            Buffers.Grow(ref _cState, (long)directions * batch * hidden);
            Buffers.Grow(ref _finalCell, states);
        }

        _tokens = tokens;
        float[] layerInput = data ?? [];
        for (int layer = 0; layer < NumLayers; layer++)
        {
            var buffers = _layers[layer];
            buffers.UsedDropout = layer > 0 && Training && Dropout > 0;
            if (buffers.UsedDropout)
                layerInput = ApplyDropout(buffers, layerInput, rows * width);
            buffers.Input = layerInput;
            Buffers.Grow(ref buffers.Output, (long)rows * width);

            for (int d = 0; d < directions; d++)
            {
                int index = layer * directions + d;
                SortState(h0, index, input, _hState.AsSpan(d * batch * hidden, batch * hidden));
                if (cells) SortState(c0, index, input, _cState.AsSpan(d * batch * hidden, batch * hidden));
            }
            RunLayer(layer, input, backward: false);
            for (int d = 0; d < directions; d++)
            {
                int index = layer * directions + d;
                UnsortState(_hState.AsSpan(d * batch * hidden, batch * hidden), input, _finalHidden.AsSpan(index * batch * hidden, batch * hidden));
                if (cells) UnsortState(_cState.AsSpan(d * batch * hidden, batch * hidden), input, _finalCell.AsSpan(index * batch * hidden, batch * hidden));
            }
            layerInput = buffers.Output;
        }

        _layout = input;
        _lastWasPadded = false;
    }

    /// <summary>The top layer's output of the latest pass, (rows, directions * H) in packed order.</summary>
    internal ReadOnlySpan<float> LastOutput => _layers[^1].Output.AsSpan(0, _layout!.TotalRows * Directions * HiddenSize);

    /// <summary>h_n of the latest pass, (layers * directions, batch, H) in batch order.</summary>
    internal ReadOnlySpan<float> FinalHidden => _finalHidden.AsSpan(0, NumLayers * Directions * _layout!.BatchSize * HiddenSize);

    /// <summary>c_n of the latest pass of an LSTM, like <see cref="FinalHidden"/>; empty otherwise.</summary>
    internal ReadOnlySpan<float> FinalCell => Mode.HasCellState() ? _finalCell.AsSpan(0, NumLayers * Directions * _layout!.BatchSize * HiddenSize) : default;

    /// <summary>The gradient of the latest pass's input, (rows, InputSize) in packed order, after <see cref="BackwardInPlace"/>.</summary>
    internal ReadOnlySpan<float> InputGradient => _layers[0].DInput.AsSpan(0, _layout!.TotalRows * InputSize);

    /// <summary>
    /// Backward through the latest pass from <paramref name="dOutput"/> (its first rows x directions * H values, or
    /// null when the loss does not use the output), leaving the input gradient in <see cref="InputGradient"/>; returns
    /// dL/dh0 and dL/dc0. Buffers are reused, so batches no larger than an earlier one allocate only those two.
    /// </summary>
    internal (Tensor Hidden, Tensor? Cell) BackwardInPlace(float[]? dOutput, Tensor? gradHn, Tensor? gradCn)
    {
        if (_tokens is not null)
            throw new InvalidOperationException("The latest pass looked token projections up (a frozen copy in evaluation), which keeps no input to differentiate.");
        var layout = _layout!;
        int batch = layout.BatchSize, rows = layout.TotalRows, hidden = HiddenSize, directions = Directions, width = directions * hidden;
        var stateShape = StateShape(batch);
        CheckStates(gradHn, gradCn, "gradHiddenState", "gradCellState", stateShape);

        var dh0 = Tensor.Zeros(stateShape);
        var dc0 = Mode.HasCellState() ? Tensor.Zeros(stateShape) : null;
        for (int layer = NumLayers - 1; layer >= 0; layer--)
        {
            var buffers = _layers[layer];
            for (int d = 0; d < directions; d++)
            {
                int index = layer * directions + d;
                SortState(gradHn, index, layout, _hState.AsSpan(d * batch * hidden, batch * hidden));
                if (dc0 is not null) SortState(gradCn, index, layout, _cState.AsSpan(d * batch * hidden, batch * hidden));
            }
            _layerGradient = dOutput;
            RunLayer(layer, layout, backward: true);
            int inputSize = _weights[layer * directions].InputSize;
            Buffers.Grow(ref buffers.DInput, (long)rows * inputSize);
            var dInput = buffers.DInput.AsSpan(0, rows * inputSize);
            for (int d = 0; d < directions; d++)
            {
                int index = layer * directions + d;
                DirectionPass.InputGradient(Mode, _weights[index], buffers.Directions[d], rows, hidden, dInput, accumulate: d > 0);
                UnsortState(_hState.AsSpan(d * batch * hidden, batch * hidden), layout, dh0.Data.AsSpan(index * batch * hidden, batch * hidden));
                if (dc0 is not null) UnsortState(_cState.AsSpan(d * batch * hidden, batch * hidden), layout, dc0.Data.AsSpan(index * batch * hidden, batch * hidden));
            }
            if (buffers.UsedDropout)
                TensorPrimitives.Multiply(dInput, buffers.DropoutMask.AsSpan(0, dInput.Length), dInput);
            dOutput = buffers.DInput;
        }
        return (dh0, dc0);
    }

    /// <summary>
    /// One layer's forward or backward pass over <paramref name="layout"/>. The two directions of a bidirectional layer
    /// are independent, so they run side by side, one thread each; a single direction projects its input with
    /// parallel GEMMs, then runs its steps in ranges of sequences on the thread team when there is enough work.
    /// </summary>
    private void RunLayer(int layer, PackedSequence layout, bool backward)
    {
        _running = layout;
        if (Directions == 2 && ThreadTeam.MaxThreads > 1)
        {
            ThreadTeam.Run(new LayerJob(this, layer, backward, Split.Directions, 0), 2);
            return;
        }
        for (int d = 0; d < Directions; d++)
        {
            var w = _weights[layer * Directions + d];
            var tape = _layers[layer].Directions[d];
            if (backward)
                DirectionPass.PrepareBackward(Mode, w, tape, layout, HiddenSize);
            else
                Project(layer, w, tape, layout, parallel: true);
            int parts = SplitSequences(layout);
            bool shared = parts == 1 && !backward && ShareUnits(layout);
            if (shared)
            {
                DirectionPass.PackUnits(Mode, w, tape, HiddenSize, UnitShares, WeightsFrozen);
                _barrier.Reset();
            }
            // Shares of the units wait for each other every step, so they run only when the team takes both at once.
            if (!shared || !ThreadTeam.TryRunTogether(new LayerJob(this, layer, backward, Split.Units, d), UnitShares))
                ThreadTeam.Run(new LayerJob(this, layer, backward, Split.Sequences, d), parts);
            if (backward)
                DirectionPass.WeightGradients(Mode, w, tape, layout, HiddenSize, _layers[layer].Input.AsSpan(0, layout.TotalRows * w.InputSize), parallel: true);
        }
    }

    /// <summary>
    /// Whether a forward pass over too few sequences to split should share each step's hidden units between two
    /// threads instead: when each step's GEMM is large enough to pay for the barrier the threads then meet at per step.
    /// </summary>
    private bool ShareUnits(PackedSequence layout) =>
        ThreadTeam.MaxThreads >= UnitShares && HiddenSize >= 64 && (double)layout.BatchSizes[0] * Mode.GateCount() * HiddenSize * HiddenSize >= MinStepWorkToShare;

    /// <summary>
    /// How many ranges of sequences the steps of one direction run in, with their bounds in <see cref="_bounds"/>: two
    /// (on two or more cores) when the steps' GEMMs hold enough work to pay for the team's start and finish, each
    /// range holding about half of the tokens (the longest sequences come first, so the first range has fewer).
    /// </summary>
    private int SplitSequences(PackedSequence layout)
    {
        int batch = layout.BatchSize, rows = layout.TotalRows;
        double work = (double)rows * HiddenSize * Mode.GateCount() * HiddenSize;
        _bounds[0] = 0;
        if (ThreadTeam.MaxThreads < 2 || batch < 2 || work < MinWorkToSplit)
        {
            _bounds[1] = batch;
            return 1;
        }
        int split = 1;
        for (int tokens = layout.SortedLength(0); split < batch - 1 && 2 * tokens < rows; split++)
            tokens += layout.SortedLength(split);
        _bounds[1] = split;
        _bounds[2] = batch;
        return 2;
    }

    /// <summary>
    /// Part <paramref name="part"/> of a layer's pass: a whole direction, one range of one direction's sequences, or one
    /// share of one direction's hidden units.
    /// </summary>
    private void RunPart(int layer, bool backward, Split split, int direction, int part, int parts)
    {
        var layout = _running!;
        int d = split == Split.Directions ? part : direction, batch = layout.BatchSize, rows = layout.TotalRows, hidden = HiddenSize, width = Directions * hidden;
        int first = split == Split.Sequences ? _bounds[part] : 0, last = split == Split.Sequences ? _bounds[part + 1] : batch;
        var w = _weights[layer * Directions + d];
        var buffers = _layers[layer];
        var tape = buffers.Directions[d];
        var hState = _hState.AsSpan(d * batch * hidden, batch * hidden);
        var cState = Mode.HasCellState() ? _cState.AsSpan(d * batch * hidden, batch * hidden) : default;
        var output = buffers.Output.AsSpan(0, rows * width);
        if (split == Split.Units)
        {
            try
            {
                DirectionPass.UnitSteps(Mode, w, tape, layout, hidden, output, width, d * hidden, hState, cState, part, parts, _barrier);
            }
            catch
            {
                // The other share would wait for this one at the next step for ever.
                _barrier.Break();
                throw;
            }
            return;
        }
        bool wholeDirection = split == Split.Directions;
        if (!backward)
        {
            if (wholeDirection)
                Project(layer, w, tape, layout, parallel: false);
            DirectionPass.Steps(Mode, w, tape, layout, hidden, output, width, d * hidden, hState, cState, first, last);
            return;
        }
        if (wholeDirection)
            DirectionPass.PrepareBackward(Mode, w, tape, layout, hidden);
        DirectionPass.BackSteps(Mode, w, tape, layout, hidden, _layerGradient is null ? default : _layerGradient.AsSpan(0, rows * width), width, d * hidden,
            hState, cState, first, last);
        if (wholeDirection)
            DirectionPass.WeightGradients(Mode, w, tape, layout, hidden, buffers.Input.AsSpan(0, rows * w.InputSize), parallel: false);
    }

    /// <summary>A layer's input projection in one direction: looked up for token ids into the first layer, else computed.</summary>
    private void Project(int layer, DirectionWeights w, DirectionTape tape, PackedSequence layout, bool parallel)
    {
        if (layer == 0 && _tokens is { } tokens)
            DirectionPass.ProjectTokens(Mode, w, tape, layout, HiddenSize, tokens, parallel);
        else
            DirectionPass.Project(Mode, w, tape, layout, HiddenSize, _layers[layer].Input.AsSpan(0, layout.TotalRows * w.InputSize), parallel, WeightsFrozen);
    }

    /// <summary>How a layer's pass is shared among the thread team's parts.</summary>
    private enum Split
    {
        /// <summary>One part per direction of a bidirectional layer.</summary>
        Directions,

        /// <summary>Ranges of one direction's sequences (<see cref="_bounds"/>).</summary>
        Sequences,

        /// <summary>Shares of one direction's hidden units, meeting once per step.</summary>
        Units,
    }

    /// <summary>A layer's pass as the thread team's parts (<see cref="RunPart"/>).</summary>
    private readonly struct LayerJob(RecurrentModule module, int layer, bool backward, Split split, int direction) : ITeamJob
    {
        public void RunPart(int part, int parts) => module.RunPart(layer, backward, split, direction, part, parts);
    }

    private float[] ApplyDropout(LayerBuffers buffers, float[] input, int length)
    {
        Buffers.Grow(ref buffers.DropoutMask, length);
        Buffers.Grow(ref buffers.DroppedInput, length);
        float scale = 1f / (1f - Dropout);
        var mask = buffers.DropoutMask.AsSpan(0, length);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = _dropoutRng.NextSingle() < Dropout ? 0f : scale;
        TensorPrimitives.Multiply(input.AsSpan(0, length), mask, buffers.DroppedInput.AsSpan(0, length));
        return buffers.DroppedInput;
    }

    private int[] StateShape(int batch) => [NumLayers * Directions, batch, HiddenSize];

    private PackedSequence RequireForward(bool padded)
    {
        if (_layout is null)
            throw new InvalidOperationException("Backward needs a Forward first: it uses the activations the latest Forward kept.");
        if (_lastWasPadded != padded)
            throw new InvalidOperationException(
                $"The latest Forward took a {(_lastWasPadded ? "padded tensor" : "packed sequence")}; call the Backward overload that takes the same kind of gradient.");
        return _layout;
    }

    /// <summary>Copies state <paramref name="index"/> of <paramref name="state"/> (original batch order) into sorted rows, or zeros.</summary>
    private void SortState(Tensor? state, int index, PackedSequence layout, Span<float> sorted)
    {
        if (state is null)
        {
            sorted.Clear();
            return;
        }
        int batch = layout.BatchSize, hidden = HiddenSize;
        for (int i = 0; i < batch; i++)
            state.Data.AsSpan((index * batch + layout.SortedIndices[i]) * hidden, hidden).CopyTo(sorted.Slice(i * hidden, hidden));
    }

    /// <summary>Copies sorted rows back into batch order: <paramref name="state"/> holds one (batch, H) block.</summary>
    private void UnsortState(ReadOnlySpan<float> sorted, PackedSequence layout, Span<float> state)
    {
        int batch = layout.BatchSize, hidden = HiddenSize;
        for (int i = 0; i < batch; i++)
            sorted.Slice(i * hidden, hidden).CopyTo(state.Slice(layout.SortedIndices[i] * hidden, hidden));
    }

    /// <summary>Hidden and cell states (or their gradients) must have the state shape; a cell state only for an LSTM.</summary>
    private void CheckStates(Tensor? hidden, Tensor? cell, string hiddenName, string cellName, int[] shape)
    {
        if (hidden is not null)
            ExpectShape(hidden, hiddenName, shape);
        if (cell is null)
            return;
        if (!Mode.HasCellState())
            throw new ArgumentException($"{cellName} is only for an LSTM; this module is {Mode}.", cellName);
        ExpectShape(cell, cellName, shape);
    }

    private static void ExpectShape(Tensor tensor, string name, int[] expected)
    {
        if (!tensor.Shape.SequenceEqual(expected))
            throw new ArgumentException($"Expected {name} of shape {Tensor.FormatShape(expected)}, got {tensor.ShapeText}.", name);
    }
}
