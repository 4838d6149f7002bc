namespace TelemetryFlow.Application.Configuration;

/// <summary>Parses setting text into a value, and says which forms it accepts (they may differ by source: <c>grpc</c> in a variable, <c>Grpc</c> in JSON).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="TryParse">The parser.</param>
/// <param name="Forms">The accepted forms for a message about the named variable or key.</param>
internal sealed record SettingParser<T>(SettingParser<T>.Parse TryParse, Func<string, string> Forms)
{
    /// <summary>Parses text.</summary>
    public delegate bool Parse(string text, out T value);
}
