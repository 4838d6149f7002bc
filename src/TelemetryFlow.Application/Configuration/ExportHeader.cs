namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// One extra export header as configured: its value and where it came from (<c>WithHeader</c>, the variable or the
/// appsettings key). The value may be a token or password: <see cref="ToString"/> never shows it.
/// </summary>
internal sealed class ExportHeader(string value, string origin)
{
    public string Value { get; } = value;

    public string Origin { get; } = origin;

    public override string ToString() => $"(value hidden) from {Origin}";
}
