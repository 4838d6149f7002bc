using System.Globalization;

namespace TelemetryFlow.Application.Configuration;

/// <summary>Parses setting text (environment variables, appsettings) into typed values with specific errors.</summary>
internal static class SettingParsers
{
    public const string BooleanForms = "true, false, 1 or 0 (any case)";

    public static readonly SettingParser<string?> Text = new((string text, out string? value) =>
    {
        value = text;
        return true;
    }, _ => "any text");

    public static readonly SettingParser<bool> Flag = new(TryParseBoolean, _ => BooleanForms);

    public static readonly SettingParser<int> Integer = new(TryParseInt, _ => "a whole number");

    public static readonly SettingParser<long> LongInteger = new(
        (string text, out long value) => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
        _ => "a whole number");

    public static readonly SettingParser<TimeSpan> Seconds = Duration(PlainNumberUnit.Seconds);

    public static readonly SettingParser<TimeSpan> Milliseconds = Duration(PlainNumberUnit.Milliseconds);

    public static readonly SettingParser<Protocol> ProtocolName = new(TryParseProtocol, name =>
        name == TelemetryFlowEnvironmentVariables.OtelProtocol ? "grpc or http/protobuf" : IsVariable(name) ? "grpc or http" : "Grpc or HttpProtobuf (or grpc, http)");

    public static readonly SettingParser<ExportCompression> CompressionName = new(TryParseCompression, name =>
        IsVariable(name) ? "gzip, none, true, false, 1 or 0" : "Gzip, None, true or false");

    public static readonly SettingParser<CredentialsMode> CredentialsModeName = new(TryParseCredentialsMode, _ => "auto or none");

    public static readonly SettingParser<double> Ratio = new(
        (string text, out double ratio) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio) && ratio is >= 0 and <= 1,
        _ => "a ratio from 0 to 1, for example 0.25");

    public static readonly SettingParser<double> Rate = new(
        (string text, out double rate) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && double.IsFinite(rate) && rate >= 0,
        _ => "a number of traces per second, 0 or more, for example 50 or 0.5");

    public static readonly SettingParser<MetricTemporality> TemporalityName = new(
        (string text, out MetricTemporality value) => TryParseName(text, out value, ("CUMULATIVE", MetricTemporality.Cumulative), ("DELTA", MetricTemporality.Delta), ("LOWMEMORY", MetricTemporality.LowMemory)),
        name => IsVariable(name) ? "cumulative, delta or lowmemory" : "Cumulative, Delta or LowMemory");

    public static readonly SettingParser<HistogramAggregation> HistogramAggregationName = new(
        (string text, out HistogramAggregation value) => TryParseName(
            text, out value,
            ("EXPLICIT_BUCKET_HISTOGRAM", HistogramAggregation.ExplicitBuckets), ("EXPLICITBUCKETS", HistogramAggregation.ExplicitBuckets),
            ("BASE2_EXPONENTIAL_BUCKET_HISTOGRAM", HistogramAggregation.Base2Exponential), ("BASE2EXPONENTIAL", HistogramAggregation.Base2Exponential)),
        name => IsVariable(name) ? "explicit_bucket_histogram or base2_exponential_bucket_histogram" : "ExplicitBuckets or Base2Exponential");

    /// <summary>A duration as a message shows it: seconds from 1 s, else milliseconds.</summary>
    public static string Show(TimeSpan value) => value.TotalSeconds >= 1 || value <= TimeSpan.Zero
        ? FormattableString.Invariant($"{value.TotalSeconds:0.###} s")
        : FormattableString.Invariant($"{value.TotalMilliseconds:0.###} ms");

    private static SettingParser<TimeSpan> Duration(PlainNumberUnit unit) =>
        new((string text, out TimeSpan value) => TryParseDuration(text, unit, out value), _ => DurationForms(unit));

    // Variables are upper case (TELEMETRYFLOW_PROTOCOL); appsettings keys are not (Protocol).
    private static bool IsVariable(string name) => !name.Any(char.IsLower);

    public static string DurationForms(PlainNumberUnit unit) =>
        $"a number of {(unit == PlainNumberUnit.Seconds ? "seconds" : "milliseconds")} (for example {(unit == PlainNumberUnit.Seconds ? "30" : "5000")}) or a value with a unit: 250ms, 10s, 2m or 1h (or hh:mm:ss)";

    private static bool TryParseCredentialsMode(string text, out CredentialsMode mode)
    {
        (var known, mode) = text.Trim().ToUpperInvariant() switch
        {
            "AUTO" => (true, CredentialsMode.Auto),
            "NONE" => (true, CredentialsMode.None),
            _ => (false, default),
        };
        return known;
    }

    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE":
            case "1":
                value = true;
                return true;
            case "FALSE":
            case "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryParseDuration(string text, PlainNumberUnit plainUnit, out TimeSpan value)
    {
        value = default;
        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            // appsettings often hold TimeSpan text such as 00:00:30.
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        var (numberText, scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 1.0),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1000.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60_000.0),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3_600_000.0),
            _ => (trimmed, plainUnit == PlainNumberUnit.Seconds ? 1000.0 : 1.0),
        };

        if (!double.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || double.IsNaN(number) || double.IsInfinity(number) || number * scale > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(number * scale);
        return true;
    }

    private static bool TryParseName<T>(string text, out T value, params (string Name, T Value)[] names)
    {
        var upper = text.Trim().ToUpperInvariant();
        foreach (var (name, candidate) in names)
        {
            if (upper == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseProtocol(string text, out Protocol value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "GRPC":
                value = Protocol.Grpc;
                return true;
            case "HTTP":
            case "HTTP/PROTOBUF":
            case "HTTPPROTOBUF":
                value = Protocol.HttpProtobuf;
                return true;
            default:
                value = default;
                return false;
        }
    }

    public static bool TryParseCompression(string text, out ExportCompression value)
    {
        var upper = text.Trim().ToUpperInvariant();
        if (upper is "GZIP")
        {
            value = ExportCompression.Gzip;
            return true;
        }

        if (upper is "NONE")
        {
            value = ExportCompression.None;
            return true;
        }

        if (TryParseBoolean(text, out var enabled))
        {
            value = enabled ? ExportCompression.Gzip : ExportCompression.None;
            return true;
        }

        value = default;
        return false;
    }
}
