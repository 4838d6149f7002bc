using System.Text.Json;
using System.Xml.Linq;
using TelemetryFlow.Cli.Tests.Support;

namespace TelemetryFlow.Cli.Tests.Commands;

public sealed class ExampleTests : IDisposable
{
    private readonly TempDirectory _root = new("tfcli-example");

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("basic", "BasicExample", "Microsoft.NET.Sdk", "TelemetryFlow", new[] { "Program.cs", "Telemetry/TelemetrySetup.cs", "README.md", ".gitignore" })]
    [InlineData("http-server", "HttpServerExample", "Microsoft.NET.Sdk.Web", "TelemetryFlow.AspNetCore", new[] { "Program.cs", "appsettings.json", "Telemetry/TelemetrySetup.cs" })]
    [InlineData("grpc-server", "GrpcServerExample", "Microsoft.NET.Sdk.Web", "TelemetryFlow.AspNetCore", new[] { "Program.cs", "appsettings.json", "Protos/greet.proto", "Services/GreeterService.cs" })]
    [InlineData("worker", "WorkerExample", "Microsoft.NET.Sdk.Worker", "TelemetryFlow.Hosting", new[] { "Program.cs", "appsettings.json", "Worker.cs" })]
    public async Task Example_WritesAWellFormedProject_ReferencingTheSdkPackages(string kind, string project, string sdk, string package, string[] files)
    {
        var directory = _root.Combine(kind);

        var result = await CliRunner.RunAsync("example", kind, "--output", directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        var csproj = XDocument.Load(Path.Combine(directory, project + ".csproj"));
        Assert.Equal(sdk, csproj.Root!.Attribute("Sdk")!.Value);
        var reference = csproj.Descendants("PackageReference").Single(r => r.Attribute("Include")!.Value == package);
        Assert.Equal(TelemetryConfig.DistroVersion, reference.Attribute("Version")!.Value);
        Assert.Empty(csproj.Descendants("ProjectReference"));
        foreach (var file in files)
        {
            Assert.True(File.Exists(Path.Combine(directory, file)), $"{file} missing");
        }

        if (File.Exists(Path.Combine(directory, "appsettings.json")))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "appsettings.json")));
            Assert.Equal($"telemetryflow-example-{kind}", json.RootElement.GetProperty("TelemetryFlow").GetProperty("ServiceName").GetString());
        }

        if (kind == "grpc-server")
        {
            Assert.Equal("2.85.0", csproj.Descendants("PackageReference").Single(r => r.Attribute("Include")!.Value == "Grpc.AspNetCore").Attribute("Version")!.Value);
            Assert.Contains("service Greeter", File.ReadAllText(Path.Combine(directory, "Protos/greet.proto")));
        }
    }

    [Fact]
    public async Task Example_DefaultOutput_IsNamedAfterTheKind()
    {
        var result = await CliRunner.RunInAsync(_root.Path, "example", "worker");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(_root.Exists("telemetryflow-example-worker/WorkerExample.csproj"));
    }

    [Fact]
    public async Task Example_SdkSource_ReferencesTheRepositoryProjects()
    {
        var result = await CliRunner.RunAsync("example", "http-server", "--output", _root.Path, "--sdk-source", RepositoryRoot.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var csproj = XDocument.Load(_root.Combine("HttpServerExample.csproj"));
        var reference = csproj.Descendants("ProjectReference").Single().Attribute("Include")!.Value;
        Assert.Equal(Path.Combine(RepositoryRoot.Path, "src/TelemetryFlow.AspNetCore/TelemetryFlow.AspNetCore.csproj"), reference);
        Assert.Empty(csproj.Descendants("PackageReference"));
    }

    [Fact]
    public async Task Example_SdkSourceThatIsNotTheRepository_Fails()
    {
        var result = await CliRunner.RunAsync("example", "basic", "--output", _root.Combine("out"), "--sdk-source", _root.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a TelemetryFlow .NET SDK checkout", result.Error);
        Assert.False(Directory.Exists(_root.Combine("out")));
    }

    [Fact]
    public async Task Example_ExistingProject_RefusesWithoutForce()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("example", "basic", "--output", _root.Path)).ExitCode);

        var refused = await CliRunner.RunAsync("example", "basic", "--output", _root.Path);
        var forced = await CliRunner.RunAsync("example", "basic", "--output", _root.Path, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists: BasicExample.csproj", refused.Error);
        Assert.Equal(0, forced.ExitCode);
    }

    [Fact]
    public async Task Example_UnknownKind_IsRejected()
    {
        var result = await CliRunner.RunAsync("example", "lambda", "--output", _root.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_root.Path));
    }
}
