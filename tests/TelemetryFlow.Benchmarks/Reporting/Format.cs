using System.Globalization;

namespace TelemetryFlow.Benchmarks.Reporting;

internal static class Format
{
    public const string None = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A duration in nanoseconds, in the unit that keeps three significant digits readable.</summary>
    public static string Nanoseconds(double ns) => ns switch
    {
        < 1_000 => ns.ToString("0.0", Invariant) + " ns",
        < 1_000_000 => (ns / 1_000).ToString("0.00", Invariant) + " µs",
        < 1_000_000_000 => (ns / 1_000_000).ToString("0.00", Invariant) + " ms",
        _ => (ns / 1_000_000_000).ToString("0.000", Invariant) + " s",
    };

    public static string Bytes(long? bytes) => bytes is null ? None : bytes.Value.ToString("N0", Invariant) + " B";

    public static string Ratio(double ratio) => ratio.ToString("0.00", Invariant) + "×";

    public static string Rate(double perSecond) => perSecond.ToString("N0", Invariant) + "/s";

    public static string Invariantly(FormattableString text) => text.ToString(Invariant);
}
