using TelemetryFlow.Cli.Tests.Support;
using Xunit.Abstractions;

namespace TelemetryFlow.Cli.Tests.Generation;

/// <summary>
/// Everything the CLI generates compiles, with warnings as errors, against this checkout's SDK: the <c>init</c> setup
/// class (console and web flavours) dropped into fresh projects together with the Program.cs lines <c>init</c> prints,
/// and all four examples written with <c>--sdk-source</c>. One <c>dotnet build</c> of a solution holding all six
/// projects keeps it to one restore and one MSBuild process.
/// </summary>
public sealed class GeneratedCodeBuildTests(GeneratedCodeBuildTests.Workspace workspace, ITestOutputHelper log) : IClassFixture<GeneratedCodeBuildTests.Workspace>
{
    [Theory]
    [InlineData("ConsoleApp")]
    [InlineData("WebApp")]
    public void InitSetupClass_WithThePrintedProgramLines_Builds(string project)
    {
        Assert.True(workspace.Generation[project].ExitCode == 0, workspace.Generation[project].ToString());
        workspace.AssertBuilt($"{project}/{project}.csproj", project, log);
    }

    [Theory]
    [InlineData("basic", "BasicExample")]
    [InlineData("http-server", "HttpServerExample")]
    [InlineData("grpc-server", "GrpcServerExample")]
    [InlineData("worker", "WorkerExample")]
    public void Example_WithSdkSource_Builds(string kind, string project)
    {
        Assert.True(workspace.Generation[kind].ExitCode == 0, workspace.Generation[kind].ToString());
        workspace.AssertBuilt($"examples/{kind}/{project}.csproj", project, log);
    }

    /// <summary>Generates the six projects and builds them once for all tests of the class.</summary>
    public sealed class Workspace : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _root = new("tfcli-build");
        private (int ExitCode, string Output, TimeSpan Elapsed) _build;

        public Dictionary<string, CliResult> Generation { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            var src = Path.Combine(RepositoryRoot.Path, "src");
            Generation["ConsoleApp"] = await InitProjectAsync(
                "ConsoleApp",
                "Microsoft.NET.Sdk",
                "<OutputType>Exe</OutputType>",
                Path.Combine(src, "TelemetryFlow.Infrastructure/TelemetryFlow.Infrastructure.csproj"),
                lines => $"{lines[0]}\n\n{lines[1]}\ntelemetry.LogInfo(\"hello from the generated setup\");\n");
            Generation["WebApp"] = await InitProjectAsync(
                "WebApp",
                "Microsoft.NET.Sdk.Web",
                string.Empty,
                Path.Combine(src, "TelemetryFlow.AspNetCore/TelemetryFlow.AspNetCore.csproj"),
                lines => $"var builder = WebApplication.CreateBuilder(args);\n{lines[0]}\nvar app = builder.Build();\n{lines[1]}\napp.MapGet(\"/\", () => \"ok\");\napp.Run();\n");
            foreach (var kind in new[] { "basic", "http-server", "grpc-server", "worker" })
            {
                Generation[kind] = await CliRunner.RunAsync("example", kind, "--output", _root.Combine("examples", kind), "--sdk-source", RepositoryRoot.Path);
            }

            var projects = Directory.GetFiles(_root.Path, "*.csproj", SearchOption.AllDirectories)
                .Select(p => $"  <Project Path=\"{Path.GetRelativePath(_root.Path, p)}\" />");
            _root.Write("generated.slnx", $"<Solution>\n{string.Join('\n', projects)}\n</Solution>\n");
            _build = await DotnetBuild.RunAsync("generated.slnx", _root.Path);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _root.Dispose();

        public void AssertBuilt(string projectPath, string assemblyName, ITestOutputHelper log)
        {
            var report = $"dotnet build of the six generated projects took {_build.Elapsed.TotalSeconds:0.0} s and exited {_build.ExitCode}:{Environment.NewLine}{_build.Output}";
            log.WriteLine(report);
            Assert.True(_build.ExitCode == 0, report);
            var output = Path.Combine(_root.Path, Path.GetDirectoryName(projectPath)!, "bin", DotnetBuild.Configuration, "net10.0", assemblyName + ".dll");
            Assert.True(File.Exists(output), $"{output} missing.{Environment.NewLine}{report}");
        }

        // A fresh project of the given SDK referencing the repository's SDK project, set up with 'init', whose Program.cs
        // is made of the lines 'init' printed.
        private async Task<CliResult> InitProjectAsync(string name, string sdk, string properties, string sdkProject, Func<string[], string> program)
        {
            _root.Write($"{name}/{name}.csproj", $"""
                <Project Sdk="{sdk}">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    {properties}
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{sdkProject}" />
                  </ItemGroup>
                </Project>
                """);
            var result = await CliRunner.RunAsync("init", "--project", _root.Combine(name), "--service", name.ToLowerInvariant(), "--key-id", "tfk_build", "--key-secret", "tfs_build");
            var lines = PrintedProgramLines(result.Output);
            if (lines.Length < 2)
            {
                throw new InvalidOperationException($"init printed no Program.cs lines:{Environment.NewLine}{result}");
            }

            _root.Write($"{name}/Program.cs", program(lines));
            return result;
        }

        private static string[] PrintedProgramLines(string output) =>
            output.Split('\n')
                .SkipWhile(line => !line.Contains("to Program.cs:", StringComparison.Ordinal))
                .Skip(1)
                .TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal))
                .Select(line => line.Trim())
                .ToArray();
    }
}
