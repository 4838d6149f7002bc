using System.Globalization;

namespace TelemetryFlow.UnitTests;

/// <summary>Shared starting points: a builder that is valid as is, and variable sources that never touch the process environment.</summary>
internal static class TestConfigs
{
    public const string KeyId = "tfk_unit_test_key";
    public const string KeySecret = "tfs_unit_test_secret";
    public const string ServiceName = "checkout";

    /// <summary>A builder with exactly the two required settings (API key, service name).</summary>
    public static TelemetryFlowBuilder ValidBuilder() => new TelemetryFlowBuilder().WithApiKey(KeyId, KeySecret).WithService(ServiceName);

    /// <summary>Parses <c>NAME=value;NAME2=value2</c>; only the first '=' of an entry splits, so values may contain '='.</summary>
    public static Dictionary<string, string> Variables(string spec)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            variables[entry[..equals]] = entry[(equals + 1)..];
        }

        return variables;
    }

    public static ConfigurationException BuildFails(TelemetryFlowBuilder builder) => Assert.Throws<ConfigurationException>(() => builder.Build());

    /// <summary>Every public property of a configuration, one per line, so two configurations compare in one assertion with a readable diff.</summary>
    public static string Describe(TelemetryConfig config)
    {
        var lines = typeof(TelemetryConfig).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetGetMethod() is { IsStatic: false })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name} = {Render(p.GetValue(config))}");
        return string.Join(System.Environment.NewLine, lines);
    }

    public static string Render(object? value) => value switch
    {
        null => "(null)",
        string text => text,
        IReadOnlyDictionary<string, string> map => string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
        IReadOnlyDictionary<string, object> map => string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
        RetrySettings r => $"{r.Enabled}/{r.MaxAttempts}/{r.InitialBackoff}/{r.MaxBackoff}",
        BatchSettings b => $"{b.ScheduledDelay}/{b.MaxExportBatchSize}/{b.MaxQueueSize}",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
