using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Tests.Configuration;

/// <summary>
/// The <c>ReadEnvFile</c> method of the setup class that <c>init</c> generates, compiled in memory from the rendered
/// source exactly as an app would get it, and callable from a test.
/// </summary>
internal static class GeneratedEnvFileReader
{
    private static readonly Lazy<Func<string, Dictionary<string, string>>> Reader = new(Compile);

    /// <summary>Reads <paramref name="path"/> (absolute) with the generated code.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path) => Reader.Value(path);

    private static Func<string, Dictionary<string, string>> Compile()
    {
        const string RootNamespace = "GeneratedReaderFixture";
        var source = SetupClassTemplate.Render(AppKind.Console, RootNamespace);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            RootNamespace,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated setup class does not compile:" + Environment.NewLine +
                string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        image.Position = 0;
        var assembly = new AssemblyLoadContext(RootNamespace, isCollectible: true).LoadFromStream(image);
        var method = assembly.GetType($"{SetupClassTemplate.TelemetryNamespace(RootNamespace)}.TelemetrySetup", throwOnError: true)!
            .GetMethod("ReadEnvFile", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("The generated setup class has no ReadEnvFile method.");
        return method.CreateDelegate<Func<string, Dictionary<string, string>>>();
    }
}
