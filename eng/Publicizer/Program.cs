// Writes copies of assemblies in which every type and member is public, for the compiler only: ML.NET keeps what a
// savable transformer needs internal (dotnet/machinelearning #4911), and MLNet.Rnn compiles against such copies of
// Microsoft.ML.Core and Microsoft.ML.Data while the runtime, told by IgnoresAccessChecksTo, uses the originals.
// Usage: Publicizer OUTPUT_DIRECTORY ASSEMBLY...   (each copy keeps its file name and assembly identity)
using Mono.Cecil;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Publicizer OUTPUT_DIRECTORY ASSEMBLY...");
    return 2;
}

string outputDirectory = Path.GetFullPath(args[0]);
Directory.CreateDirectory(outputDirectory);
foreach (string input in args[1..])
{
    using var resolver = new DefaultAssemblyResolver();
    resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);
    using var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate });
    foreach (var type in assembly.MainModule.GetTypes())
        Publicize(type);
    string output = Path.Combine(outputDirectory, Path.GetFileName(input));
    // Written beside the target and moved, so an interrupted build never leaves a half-written reference.
    string temporary = output + ".tmp";
    assembly.Write(temporary);
    File.Move(temporary, output, overwrite: true);
}
return 0;

static void Publicize(TypeDefinition type)
{
    if (type.IsNested)
        type.IsNestedPublic = true;
    else
        type.IsPublic = true;

    foreach (var method in type.Methods)
    {
        // An explicit interface implementation stays private: public, it would be a second member beside the
        // interface's, which C# cannot name anyway.
        if (!(method.IsPrivate && method.HasOverrides))
            method.IsPublic = true;
    }

    // A field-like event's backing field has the event's name; public, it would make the event ambiguous.
    var eventNames = type.Events.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
    foreach (var field in type.Fields)
    {
        if (!eventNames.Contains(field.Name))
            field.IsPublic = true;
    }
}
