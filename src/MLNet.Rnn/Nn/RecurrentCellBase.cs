using MLNet.Rnn.Compute;
using MLNet.Rnn.Nn.Recurrent;
using MLNet.Rnn.Sequences;

namespace MLNet.Rnn.Nn;

/// <summary>
/// One recurrent step at a time, like <c>torch.nn.RNNCell</c>, <c>LSTMCell</c> and <c>GRUCell</c>: parameters
/// <c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>. <see cref="RnnCell"/>,
/// <see cref="LstmCell"/> and <see cref="GruCell"/> are its concrete forms.
/// </summary>
/// <remarks>
/// Each <see cref="Forward"/> returns a <see cref="CellStep"/> that keeps what its own backward pass needs,
/// so a loop over time can call <see cref="CellStep.Backward"/> on the steps in reverse order.
/// </remarks>
internal abstract class RecurrentCellBase
{
    private readonly DirectionWeights _weights;

    private protected RecurrentCellBase(RecurrentMode mode, int inputSize, int hiddenSize, bool bias, ulong seed, ParameterStore? store, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentNullException.ThrowIfNull(prefix);
        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Parameters = store ?? new ParameterStore();
        // PyTorch's cells name their parameters without a layer suffix.
        int gateRows = mode.GateCount() * hiddenSize;
        _weights = new DirectionWeights(Parameters.Add($"{prefix}weight_ih", gateRows, inputSize), Parameters.Add($"{prefix}weight_hh", gateRows, hiddenSize),
            bias ? Parameters.Add($"{prefix}bias_ih", gateRows) : null, bias ? Parameters.Add($"{prefix}bias_hh", gateRows) : null, reverse: false);
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        foreach (var p in _weights.All())
            rng.FillUniform(p.Value, -bound, bound);
    }

    /// <summary>The cell.</summary>
    public RecurrentMode Mode { get; }

    /// <summary>Features of the input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The parameters and their gradients.</summary>
    public ParameterStore Parameters { get; }

    /// <summary>One step for a batch.</summary>
    /// <param name="input"><c>(B, InputSize)</c>.</param>
    /// <param name="hidden">The previous hidden state <c>(B, HiddenSize)</c>, or null for zeros.</param>
    /// <param name="cell">LSTM only: the previous cell state <c>(B, HiddenSize)</c>, or null for zeros.</param>
    public CellStep Forward(Tensor input, Tensor? hidden = null, Tensor? cell = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Size(1) != InputSize || input.Size(0) == 0)
            throw new ArgumentException($"Expected input of shape (B, {InputSize}) with B >= 1, got {input.ShapeText}.", nameof(input));
        int batch = input.Size(0);
        ExpectState(hidden, nameof(hidden), batch);
        if (cell is not null && !Mode.HasCellState())
            throw new ArgumentException($"A cell state is only for an LSTM cell; this cell is {Mode}.", nameof(cell));
        ExpectState(cell, nameof(cell), batch);

        var lengths = new int[batch];
        Array.Fill(lengths, 1);
        var layout = PackedSequence.Zeros(lengths, InputSize);
        input.Data.CopyTo(layout.Data, 0);

        var h = hidden is null ? new float[batch * HiddenSize] : (float[])hidden.Data.Clone();
        var c = Mode.HasCellState() ? (cell is null ? new float[batch * HiddenSize] : (float[])cell.Data.Clone()) : [];
        var output = new float[batch * HiddenSize];
        var tape = new DirectionTape();
        DirectionPass.Project(Mode, _weights, tape, layout, HiddenSize, layout.Data, parallel: true, weightsFrozen: false);
        DirectionPass.Steps(Mode, _weights, tape, layout, HiddenSize, output, HiddenSize, 0, h, c, 0, batch);
        return new CellStep(this, tape, layout, new Tensor(h, batch, HiddenSize), Mode.HasCellState() ? new Tensor(c, batch, HiddenSize) : null);
    }

    internal CellGradients Backward(DirectionTape tape, PackedSequence layout, Tensor? gradHidden, Tensor? gradCell)
    {
        int batch = layout.BatchSize;
        ExpectState(gradHidden, nameof(gradHidden), batch);
        if (gradCell is not null && !Mode.HasCellState())
            throw new ArgumentException($"A cell-state gradient is only for an LSTM cell; this cell is {Mode}.", nameof(gradCell));
        ExpectState(gradCell, nameof(gradCell), batch);

        var dh = gradHidden is null ? new float[batch * HiddenSize] : (float[])gradHidden.Data.Clone();
        var dc = Mode.HasCellState() ? (gradCell is null ? new float[batch * HiddenSize] : (float[])gradCell.Data.Clone()) : [];
        DirectionPass.PrepareBackward(Mode, _weights, tape, layout, HiddenSize);
        DirectionPass.BackSteps(Mode, _weights, tape, layout, HiddenSize, default, HiddenSize, 0, dh, dc, 0, batch);
        DirectionPass.WeightGradients(Mode, _weights, tape, layout, HiddenSize, layout.Data, parallel: true);
        var dInput = new float[batch * InputSize];
        DirectionPass.InputGradient(Mode, _weights, tape, batch, HiddenSize, dInput, accumulate: false);
        return new CellGradients(new Tensor(dInput, batch, InputSize), new Tensor(dh, batch, HiddenSize),
            Mode.HasCellState() ? new Tensor(dc, batch, HiddenSize) : null);
    }

    private void ExpectState(Tensor? state, string name, int batch)
    {
        if (state is not null && (state.Rank != 2 || state.Size(0) != batch || state.Size(1) != HiddenSize))
            throw new ArgumentException($"Expected {name} of shape ({batch}, {HiddenSize}), got {state.ShapeText}.", name);
    }
}

/// <summary>The result of one <see cref="RecurrentCellBase.Forward"/>, able to run its own backward pass.</summary>
internal sealed class CellStep
{
    private readonly RecurrentCellBase _cell;
    private readonly DirectionTape _tape;
    private readonly PackedSequence _layout;

    internal CellStep(RecurrentCellBase cell, DirectionTape tape, PackedSequence layout, Tensor hidden, Tensor? cellState)
    {
        _cell = cell;
        _tape = tape;
        _layout = layout;
        Hidden = hidden;
        Cell = cellState;
    }

    /// <summary>The new hidden state h', <c>(B, HiddenSize)</c>.</summary>
    public Tensor Hidden { get; }

    /// <summary>The new cell state c' of an LSTM cell; otherwise null.</summary>
    public Tensor? Cell { get; }

    /// <summary>
    /// Backward through this step: returns the gradients of the input and of the previous states, and
    /// accumulates the parameter gradients into the cell's store.
    /// </summary>
    /// <param name="gradHidden">dL/dh', or null for zeros.</param>
    /// <param name="gradCell">LSTM only: dL/dc', or null for zeros.</param>
    public CellGradients Backward(Tensor? gradHidden, Tensor? gradCell = null) => _cell.Backward(_tape, _layout, gradHidden, gradCell);
}

/// <summary>Gradients from <see cref="CellStep.Backward"/>.</summary>
/// <param name="Input">dL/d input, <c>(B, InputSize)</c>.</param>
/// <param name="Hidden">dL/d previous hidden state, <c>(B, HiddenSize)</c>.</param>
/// <param name="Cell">dL/d previous cell state for an LSTM cell; otherwise null.</param>
internal sealed record CellGradients(Tensor Input, Tensor Hidden, Tensor? Cell);
