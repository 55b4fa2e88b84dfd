using Microsoft.ML;
using MLNet.Rnn.Compute;
using MLNet.Rnn.Serialization;

namespace MLNet.Rnn.Tests.Pipelines;

[TestClass]
public sealed class LoadFailureTests
{
    [TestMethod]
    public void OurInvalidDataExceptionIsOurs()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read([1, 2, 3]));

        Assert.AreEqual("MLNet.Rnn's InvalidDataException", LoadFailure.Outcome(error, mlNetBytesDamaged: false, "test"));
        Assert.AreEqual("MLNet.Rnn's InvalidDataException", LoadFailure.Outcome(error, mlNetBytesDamaged: true, "test"));
    }

    [TestMethod]
    public void AnyOtherExceptionFromOurCodeFailsEvenWhereMLNetsBytesWereDamaged()
    {
        // ArgumentException is a type ML.NET throws at damaged files too: what decides is that MLNet.Rnn's code threw it.
        var error = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, 1f, new float[6], 3, new float[6], 2, 0f, new float[3], 2));

        var failure = Assert.ThrowsExactly<AssertFailedException>(() => LoadFailure.Outcome(error, mlNetBytesDamaged: true, "test"));
        StringAssert.Contains(failure.Message, "ArgumentException thrown by MLNet.Rnn");
    }

    [TestMethod]
    public void AnExceptionMarkedByMLNetsContractsIsMLNetsWhateverTheFrames()
    {
        // As when ML.NET's ctx.CheckAtModel is inlined into our loader: ML.NET's FormatException with no frame of ML.NET's.
        var error = Assert.Throws<FormatException>(() => throw new FormatException("Corrupt model file") { Data = { [LoadFailure.MarkedByMLNet] = 1 } });

        Assert.AreEqual("ML.NET's FormatException", LoadFailure.Outcome(error, mlNetBytesDamaged: true, "test"));
        Assert.ThrowsExactly<AssertFailedException>(() => LoadFailure.Outcome(error, mlNetBytesDamaged: false, "test"));
    }

    [TestMethod]
    public void MLNetsFailureOnADamagedZipPassesOnlyWhereMLNetsBytesWereDamaged()
    {
        // Not a zip: the runtime's zip reader throws on behalf of ML.NET's repository reader (after an IOException
        // inside the runtime, which is not ML.NET's), and ML.NET wraps that in its FormatException.
        var error = Assert.Throws<Exception>(() => new MLContext().Model.Load(new MemoryStream([1, 2, 3, 4]), out _));

        Assert.AreEqual("ML.NET's InvalidDataException", LoadFailure.Outcome(error, mlNetBytesDamaged: true, "test"));
        Assert.IsTrue(error.Data.Contains(LoadFailure.MarkedByMLNet), "ML.NET's Contracts mark the exceptions they make");
        var failure = Assert.ThrowsExactly<AssertFailedException>(() => LoadFailure.Outcome(error, mlNetBytesDamaged: false, "test"));
        StringAssert.Contains(failure.Message, "thrown by Microsoft.ML.");
    }
}
