namespace TelemetryFlow.Benchmarks.Reporting;

/// <summary>One line of the combined table, already formatted.</summary>
internal sealed record ResultRow(string Case, string Raw, string Sdk, string Ratio, string RawBytes, string SdkBytes, string Target, string Verdict);
