using Microsoft.ML;

namespace MLNet.Rnn;

/// <summary>ML.NET's own train/test pair, for splits ML.NET does not make (in time order); its constructor is internal.</summary>
internal static class MLNetSplits
{
    public static DataOperationsCatalog.TrainTestData TrainTest(IDataView train, IDataView test) => new(train, test);
}
