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

    /// <summary>
    /// Copies the caller's attributes once: the record is exported later on another thread, so it must
    /// not keep a collection the caller may still change.
    /// </summary>
    public LogState(string message, IEnumerable<KeyValuePair<string, object?>>? attributes)
    {
        Message = message;
        _attributes = attributes switch
        {
            null => [],
            KeyValuePair<string, object?>[] array => (KeyValuePair<string, object?>[])array.Clone(),
            ICollection<KeyValuePair<string, object?>> collection => CopyOf(collection),
            _ => attributes.ToArray(),
        };
    }

    private static KeyValuePair<string, object?>[] CopyOf(ICollection<KeyValuePair<string, object?>> collection)
    {
        var copy = new KeyValuePair<string, object?>[collection.Count];
        collection.CopyTo(copy, 0);
        return copy;
    }

    public string Message { get; }

    public int Count => _attributes.Length;

    public KeyValuePair<string, object?> this[int index] => _attributes[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_attributes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
