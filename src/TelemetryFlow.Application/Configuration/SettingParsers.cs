using System.Globalization;

namespace TelemetryFlow.Application.Configuration;

/// <summary>The unit a plain number means in a duration setting.</summary>
internal enum PlainNumberUnit
{
    Seconds,
    Milliseconds,
}

/// <summary>Parses setting text (environment variables, appsettings) into typed values with specific errors.</summary>
internal static class SettingParsers
{
    public const string BooleanForms = "true, false, 1 or 0 (any case)";

    public static string DurationForms(PlainNumberUnit unit) =>
        $"a number of {(unit == PlainNumberUnit.Seconds ? "seconds" : "milliseconds")} (for example {(unit == PlainNumberUnit.Seconds ? "30" : "5000")}) or a value with a unit: 250ms, 10s, 2m or 1h (or hh:mm:ss)";

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
