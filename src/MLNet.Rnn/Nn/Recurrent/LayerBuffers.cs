namespace MLNet.Rnn.Nn.Recurrent;

/// <summary>One layer's input and output as the forward pass left them, and its backward buffers.</summary>
internal sealed class LayerBuffers
{
    /// <summary>The layer's output, (rows, directions * H).</summary>
    public float[] Output = [];

    /// <summary>Whether the latest forward pass applied dropout to this layer's input.</summary>
    public bool UsedDropout;

    /// <summary>Layers above the first with dropout: the scaled keep mask and the masked input.</summary>
    public float[] DropoutMask = [], DroppedInput = [];

    /// <summary>The gradient of this layer's input, (rows, input size).</summary>
    public float[] DInput = [];

    /// <summary>Which array the forward pass read as this layer's input.</summary>
    public float[] Input = [];

    public DirectionTape[] Directions = [];
}
