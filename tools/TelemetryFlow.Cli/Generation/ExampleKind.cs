namespace TelemetryFlow.Cli.Generation;

/// <summary>One runnable example project <c>example</c> can write.</summary>
/// <param name="Name">The command-line name, e.g. <c>http-server</c>.</param>
/// <param name="ProjectName">The project (and root namespace) name.</param>
/// <param name="Sdk">The MSBuild SDK of the project.</param>
/// <param name="App">Which setup class it uses.</param>
/// <param name="Description">One line for help and the README.</param>
internal sealed record ExampleKind(string Name, string ProjectName, string Sdk, AppKind App, string Description)
{
    public const string CorePackageId = "TelemetryFlow";
    public const string HostingPackageId = "TelemetryFlow.Hosting";
    public const string AspNetCorePackageId = "TelemetryFlow.AspNetCore";
    public const string GrpcAspNetCoreVersion = "2.85.0";

    /// <summary>The generic host a worker example runs on (<c>Host.CreateApplicationBuilder</c>), as <c>dotnet new worker</c> references it.</summary>
    public const string HostingVersion = "10.0.0";

    public static ExampleKind Basic { get; } = new("basic", "BasicExample", "Microsoft.NET.Sdk", AppKind.Console, "a console app recording metrics, logs and spans, then printing the export status");

    public static ExampleKind HttpServer { get; } = new("http-server", "HttpServerExample", "Microsoft.NET.Sdk.Web", AppKind.Web, "an ASP.NET Core minimal API with request spans, HTTP metrics, ILogger export and a health check");

    public static ExampleKind GrpcServer { get; } = new("grpc-server", "GrpcServerExample", "Microsoft.NET.Sdk.Web", AppKind.Web, "an ASP.NET Core gRPC service (Grpc.AspNetCore) with a small greet.proto");

    public static ExampleKind Worker { get; } = new("worker", "WorkerExample", "Microsoft.NET.Sdk.Worker", AppKind.Worker, "a background worker service that records a span, a counter and a log every 5 seconds");

    public static IReadOnlyList<ExampleKind> All { get; } = [Basic, HttpServer, GrpcServer, Worker];

    /// <summary>The SDK package the project references: the core package for console apps, the generic-host package for workers, the ASP.NET Core package for web apps.</summary>
    public string PackageId => App switch
    {
        AppKind.Console => CorePackageId,
        AppKind.Worker => HostingPackageId,
        _ => AspNetCorePackageId,
    };

    /// <summary>The same SDK as a project inside the SDK repository, for <c>--sdk-source</c>.</summary>
    public string SourceProject => App switch
    {
        AppKind.Console => "src/TelemetryFlow.Infrastructure/TelemetryFlow.Infrastructure.csproj",
        AppKind.Worker => "src/TelemetryFlow.Hosting/TelemetryFlow.Hosting.csproj",
        _ => "src/TelemetryFlow.AspNetCore/TelemetryFlow.AspNetCore.csproj",
    };

    public static ExampleKind? Find(string name) => All.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));
}
