using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace MLNet.Rnn;

/// <summary>
/// The transformer's data view as a step ML.NET's <c>ConvertToOnnx</c> can walk through and write (its conversion
/// interfaces are internal to ML.NET): without them the converter stopped at this view and wrote a graph whose
/// "outputs" were inputs, with no model in it.
/// </summary>
internal sealed partial class RnnDataView : ITransformCanSaveOnnx
{
    /// <summary>Every model can be written; what cannot is refused by name while writing, never left out.</summary>
    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    void ISaveAsOnnx.SaveAsOnnx(OnnxContext ctx) => WriteOnnx(new OnnxContextGraph(ctx));

    /// <summary>The view is not saved on its own: <c>mlContext.Model.Save</c> saves the transformer.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("An MLNet.Rnn transformer's output is not saved as a data view; save the transformer with mlContext.Model.Save.");
}
