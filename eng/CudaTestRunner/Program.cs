// Runs named MSTest methods of MLNet.Rnn.Tests.dll by reflection, on a machine with the .NET runtime but no SDK (so no
// dotnet test): a GPU machine lent without .NET. A test with data rows runs once per row of its DynamicData source.
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

string dir = AppContext.BaseDirectory;
// The runner's own deps name no native folder; the tests' libtorch lies beside it, where an app's would.
AppContext.SetData("NATIVE_DLL_SEARCH_DIRECTORIES", dir + Path.PathSeparator + AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES"));
AssemblyLoadContext.Default.Resolving += (ctx, name) =>
{
    string path = Path.Combine(dir, name.Name + ".dll");
    return File.Exists(path) ? ctx.LoadFromAssemblyPath(path) : null;
};
var tests = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(dir, "MLNet.Rnn.Tests.dll"));
int passed = 0, failed = 0, inconclusive = 0;
foreach (string spec in args)
{
    int dot = spec.LastIndexOf('.');
    var type = tests.GetType(spec[..dot], throwOnError: true)!;
    var method = type.GetMethod(spec[(dot + 1)..])!;
    var rows = new List<object?[]?>();
    if (method.GetParameters().Length == 0)
        rows.Add(null);
    else
    {
        string source = (string)method.CustomAttributes.First(a => a.AttributeType.Name == "DynamicDataAttribute").ConstructorArguments[0].Value!;
        var data = (IEnumerable<object[]>)type.GetMethod(source, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;
        rows.AddRange(data);
    }
    foreach (var row in rows)
    {
        string what = row is null ? spec : $"{spec}({string.Join(", ", row)})";
        var clock = Stopwatch.StartNew();
        try
        {
            method.Invoke(Activator.CreateInstance(type), row);
            passed++;
            Console.WriteLine($"PASSED {what} [{clock.Elapsed.TotalSeconds:F2} s]");
        }
        catch (TargetInvocationException e) when (e.InnerException?.GetType().Name == "AssertInconclusiveException")
        {
            inconclusive++;
            Console.WriteLine($"INCONCLUSIVE {what}: {e.InnerException.Message}");
        }
        catch (TargetInvocationException e)
        {
            failed++;
            Console.WriteLine($"FAILED {what}: {e.InnerException}");
        }
    }
}
Console.WriteLine($"{passed} passed, {failed} failed, {inconclusive} inconclusive");
return failed + inconclusive == 0 ? 0 : 1;
