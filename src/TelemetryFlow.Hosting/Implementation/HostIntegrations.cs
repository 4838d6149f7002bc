using System.Diagnostics.CodeAnalysis;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// Finds the integrations of the packages layered on this one that the app references. A web app calls this
/// package's <c>AddTelemetryFlow()</c> and nothing of TelemetryFlow.AspNetCore runs before its container is built,
/// so the integration is looked up by name: present when the app references TelemetryFlow.AspNetCore, absent in a
/// worker, which then never loads ASP.NET Core.
/// </summary>
internal static class HostIntegrations
{
    public const string AspNetCoreTypeName = "TelemetryFlow.AspNetCore.Implementation.AspNetCoreHostIntegration";

    public const string AspNetCoreAssemblyName = "TelemetryFlow.AspNetCore";

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, AspNetCoreTypeName, AspNetCoreAssemblyName)]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The type is kept by DynamicDependency when its assembly is part of the app.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The constructor is kept by DynamicDependency.")]
    // A worker publishes without TelemetryFlow.AspNetCore, and the AOT compiler reports the dependency's assembly as
    // unresolved (IL2035): there is then nothing to keep, and Type.GetType finds nothing, as intended.
    [UnconditionalSuppressMessage("Trimming", "IL2035", Justification = "TelemetryFlow.AspNetCore is absent from apps that do not reference it; then there is nothing to keep and no integration is found.")]
    public static IReadOnlyList<IHostIntegration> Discover()
    {
        var type = Type.GetType($"{AspNetCoreTypeName}, {AspNetCoreAssemblyName}", throwOnError: false);
        return type is null ? [] : [(IHostIntegration)Activator.CreateInstance(type)!];
    }
}
