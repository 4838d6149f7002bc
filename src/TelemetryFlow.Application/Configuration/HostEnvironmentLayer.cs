namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// The environment name the process's surroundings suggest, as a layer below appsettings: <c>ENV</c>, then
/// <c>ENVIRONMENT</c>, then the host's environment name (<c>IHostEnvironment.EnvironmentName</c> in a hosted app, else
/// <c>DOTNET_ENVIRONMENT</c>, then <c>ASPNETCORE_ENVIRONMENT</c>). Lowercased, since hosts spell it <c>Development</c>
/// and <c>Production</c> while the SDK's default and most backends use lowercase.
/// </summary>
/// <remarks>
/// It sits below appsettings because every <c>dotnet run</c> launch profile sets <c>ASPNETCORE_ENVIRONMENT</c>, which
/// would otherwise hide an environment the app's own settings name. <c>TELEMETRYFLOW_ENVIRONMENT</c> and
/// <c>deployment.environment</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c> still win over appsettings.
/// </remarks>
internal static class HostEnvironmentLayer
{
    /// <summary>The origin named for the host's own environment name.</summary>
    public const string HostOrigin = "the host's environment name";

    /// <summary>Generic variables some platforms set, read before the host's name.</summary>
    public static readonly IReadOnlyList<string> GenericVariables = ["ENV", "ENVIRONMENT"];

    /// <summary>The variables the .NET host derives its environment name from, read when there is no host.</summary>
    public static readonly IReadOnlyList<string> HostVariables = ["DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT"];

    /// <param name="readVariable">The environment, when the builder reads it; <see langword="null"/> otherwise.</param>
    /// <param name="hostEnvironmentName">The host's environment name, when the app runs on a host.</param>
    public static TelemetrySettings Read(Func<string, string?>? readVariable, string? hostEnvironmentName)
    {
        var layer = new TelemetrySettings(SettingSource.Host);
        var candidates = GenericVariables.Select(name => (Origin: name, Value: readVariable?.Invoke(name)))
            .Append((HostOrigin, hostEnvironmentName))
            .Concat(HostVariables.Select(name => (Origin: name, Value: hostEnvironmentName is null ? readVariable?.Invoke(name) : null)));
        foreach (var (origin, value) in candidates)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                layer.Set(SettingCatalog.Environment, value.Trim().ToLowerInvariant(), origin);
                break;
            }
        }

        return layer;
    }

    /// <summary>Every name this layer may read, in order, for documentation.</summary>
    internal static string Describe() =>
        $"`{GenericVariables[0]}`, `{GenericVariables[1]}`, then the host's environment name (`{HostVariables[0]}`, `{HostVariables[1]}`), lowercased";

}
