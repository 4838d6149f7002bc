namespace TelemetryFlow;

/// <summary>A custom PII pattern: matches of <see cref="Pattern"/> are replaced by <see cref="Replacement"/>.</summary>
/// <param name="Name">A short name, for diagnostics.</param>
/// <param name="Pattern">A .NET regular expression.</param>
/// <param name="Replacement">The text that replaces each match, for example <c>[ORDER_REDACTED]</c>.</param>
public sealed record RedactionPattern(string Name, string Pattern, string Replacement);
