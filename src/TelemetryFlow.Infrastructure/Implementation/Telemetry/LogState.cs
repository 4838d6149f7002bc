using System.Collections;
using System.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The state handed to <c>ILogger.Log</c> for a client log call: OpenTelemetry exports each entry as
/// a log attribute, and the formatter returns the message as the body.
/// </summary>
internal sealed class LogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly Func<LogState, Exception?, string> Formatter = static (state, _) => state.Message;

    private readonly KeyValuePair<string, object?>[] _attributes;

    public LogState(string message, in TagList attributes)
    {
        Message = message;
        _attributes = new KeyValuePair<string, object?>[attributes.Count];
        attributes.CopyTo(_attributes);
    }

    public string Message { get; }

    public int Count => _attributes.Length;

    public KeyValuePair<string, object?> this[int index] => _attributes[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_attributes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
