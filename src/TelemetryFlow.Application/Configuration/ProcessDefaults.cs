using System.Reflection;

namespace TelemetryFlow.Application.Configuration;

/// <summary>Defaults that belong to the running process rather than to a constant: the same for every client in it.</summary>
internal static class ProcessDefaults
{
    /// <summary>
    /// <c>service.instance.id</c>: a random UUID made once per process. One process is one instance, so two clients in
    /// it report the same id, and the three signals of each agree.
    /// </summary>
    public static string ServiceInstanceId { get; } = Guid.NewGuid().ToString();

    /// <summary>
    /// <c>service.version</c>: the entry assembly's informational version as built (with its <c>+commit</c> suffix when
    /// the build adds one), or <see langword="null"/> when there is no entry assembly or it declares none.
    /// </summary>
    public static string? ServiceVersion { get; } =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { Length: > 0 } version
            ? version
            : null;
}
