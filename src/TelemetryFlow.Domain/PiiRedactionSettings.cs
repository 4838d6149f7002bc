namespace TelemetryFlow;

/// <summary>
/// Opt-in PII redaction of log bodies and string attributes: emails, Luhn-valid card numbers, US SSNs,
/// phone numbers, and any custom patterns.
/// </summary>
/// <param name="CustomPatterns">Patterns applied after the built-in ones.</param>
public sealed record PiiRedactionSettings(IReadOnlyList<RedactionPattern> CustomPatterns);
