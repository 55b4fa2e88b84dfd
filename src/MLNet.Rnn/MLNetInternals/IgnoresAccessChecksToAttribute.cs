// Every use of ML.NET's internal members lives in this folder (listed in the README), so an ML.NET upgrade is a
// one-place change. The library compiles against publicized copies of these two assemblies (eng/Publicize.targets);
// this attribute tells the runtime to let it reach their internals.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices;

/// <summary>Honoured by the .NET runtime (not by the compiler): access checks into the named assembly are skipped.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    /// <summary>The assembly whose internals this one may use.</summary>
    public string AssemblyName { get; } = assemblyName;
}
