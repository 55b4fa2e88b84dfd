using MLNet.Rnn.Nn;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Tests.Serialization;

[TestClass]
public sealed class ParameterTransferTests
{
    /// <summary>A store laid out like a SequenceModel's: a recurrent module under "rnn." and a head.</summary>
    private static (ParameterStore Store, Lstm Lstm) ModelStore(ulong seed)
    {
        var store = new ParameterStore();
        var lstm = new Lstm(3, 4, bidirectional: true, seed: seed, store: store, prefix: "rnn.");
        var head = store.Add("head.weight", 2, 8);
        for (int i = 0; i < head.Length; i++)
            head.Value[i] = i + (float)seed;
        return (store, lstm);
    }

    [TestMethod]
    public void ExportCopiesEveryParameterUnderItsNameAndShape()
    {
        var (store, _) = ModelStore(1);
        var tensors = ParameterTransfer.Export(store);
        CollectionAssert.AreEqual(store.Parameters.Select(p => p.Name).ToArray(), tensors.Select(t => t.Name).ToArray());
        foreach (var (parameter, tensor) in store.Parameters.Zip(tensors))
        {
            CollectionAssert.AreEqual(parameter.Shape.ToArray(), tensor.Shape);
            CollectionAssert.AreEqual(parameter.Value.ToArray(), tensor.Data);
        }
        tensors[0].Data[0] = 1234f;
        Assert.AreNotEqual(1234f, store.Values[0], "the export is a copy");
    }

    [TestMethod]
    public void StripPrefixExportsOneModuleAsABareStateDictAndImportPutsItBack()
    {
        var (store, _) = ModelStore(1);
        var bare = ParameterTransfer.Export(store, stripPrefix: "rnn.");
        CollectionAssert.AreEqual(new Lstm(3, 4, bidirectional: true).Parameters.Parameters.Select(p => p.Name).ToArray(), bare.Select(t => t.Name).ToArray());

        var standalone = new Lstm(3, 4, bidirectional: true, seed: 2);
        ParameterTransfer.Import(standalone.Parameters, bare.ToDictionary(t => t.Name));
        CollectionAssert.AreEqual(store.Values.Take(standalone.Parameters.Count).ToArray(), standalone.Parameters.Values);

        var (other, _) = ModelStore(3);
        float[] headBefore = other["head.weight"].Value.ToArray();
        ParameterTransfer.Import(other, bare.ToDictionary(t => t.Name), addPrefix: "rnn.");
        CollectionAssert.AreEqual(store.Values.Take(standalone.Parameters.Count).ToArray(), other.Values.Take(standalone.Parameters.Count).ToArray());
        CollectionAssert.AreEqual(headBefore, other["head.weight"].Value.ToArray(), "outside the prefix nothing changes");

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ParameterTransfer.Export(store, "encoder.")).Message, "No parameter name starts with 'encoder.'");
    }

    [TestMethod]
    public void ImportReportsEveryMismatchAndChangesNothing()
    {
        var (source, _) = ModelStore(1);
        var tensors = ParameterTransfer.Export(source).ToDictionary(t => t.Name);
        tensors.Remove("rnn.bias_hh_l0_reverse");
        tensors.Remove("head.weight");
        tensors["rnn.weight_ih_l1"] = new NamedTensor("rnn.weight_ih_l1", [16, 8], new float[128]);
        tensors["rnn.weight_hh_l0"] = new NamedTensor("rnn.weight_hh_l0", [4, 16], new float[64]);
        tensors["rnn.bias_ih_l0"] = new NamedTensor("rnn.bias_ih_l0", [16], new float[15]);

        var (target, _) = ModelStore(2);
        float[] before = target.Values.ToArray();
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ParameterTransfer.Import(target, tensors));
        StringAssert.Contains(error.Message, "none were loaded");
        StringAssert.Contains(error.Message, "missing: rnn.bias_hh_l0_reverse, head.weight");
        StringAssert.Contains(error.Message, "unexpected: rnn.weight_ih_l1");
        StringAssert.Contains(error.Message, "rnn.weight_hh_l0 is (4, 16) with 64 values, the parameter is (16, 4)");
        StringAssert.Contains(error.Message, "rnn.bias_ih_l0 is (16) with 15 values");
        CollectionAssert.AreEqual(before, target.Values, "a failed import changes nothing");
    }
}
