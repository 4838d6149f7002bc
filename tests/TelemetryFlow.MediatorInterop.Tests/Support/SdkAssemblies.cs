using System.Reflection;

namespace TelemetryFlow.MediatorInterop.Tests.Support;

/// <summary>The SDK's own assemblies (everything named <c>TelemetryFlow.*</c> that ships from <c>src/</c>), loaded explicitly.</summary>
internal static class SdkAssemblies
{
    public static readonly Assembly Infrastructure = typeof(TelemetryFlowClient).Assembly;

    public static readonly Assembly Application = Assembly.Load(new AssemblyName("TelemetryFlow.Application"));

    public static readonly Assembly Domain = Assembly.Load(new AssemblyName("TelemetryFlow.Domain"));

    public static readonly IReadOnlyList<Assembly> All = [Domain, Application, Infrastructure];

    /// <summary>
    /// Whether <paramref name="assembly"/> belongs to the SDK. The test assembly's own name starts with
    /// <c>TelemetryFlow.</c> too (it is the "user app" here), as does the OTLP test receiver; neither counts.
    /// </summary>
    public static bool Contains(Assembly assembly) => All.Contains(assembly);

    public static bool Contains(Type type) => Contains(type.Assembly);
}
