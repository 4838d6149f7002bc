using System.Collections;

namespace TelemetryFlow.Infrastructure.Implementation.Telemetry;

/// <summary>
/// The state handed to <c>ILogger.Log</c> for a client log call: OpenTelemetry exports each entry as
/// a log attribute, and the formatter returns the message as the body.
/// </summary>
/// <remarks>
/// <para>
/// Neither the state nor the caller's attributes are kept past the <c>ILogger.Log</c> call, so a state
/// is reused per thread (<see cref="Rent"/>, <see cref="Return"/>) and an attribute list is wrapped,
/// not copied. That holds because OpenTelemetry finishes with both inside the call: the logger takes
/// the body from <see cref="Formatter"/> there, and the batch processor copies the attributes into the
/// pooled record's own list before it queues the record (<c>LogRecord.Buffer</c>); the provider is
/// built with <c>ParseStateValues</c> so the record keeps no reference to the state either.
/// <c>ClientExportTests</c> proves it on the wire: attributes changed right after the call arrive unchanged.
/// </para>
/// <para>
/// It implements <see cref="ICollection{T}"/> so that copy is a <c>CopyTo</c>, not an enumerator allocated per record.
/// </para>
/// </remarks>
internal sealed class LogState : IReadOnlyList<KeyValuePair<string, object?>>, ICollection<KeyValuePair<string, object?>>
{
    public static readonly Func<LogState, Exception?, string> Formatter = static (state, _) => state.Message;

    [ThreadStatic]
    private static LogState? t_free;

    private IReadOnlyList<KeyValuePair<string, object?>> _attributes = [];

    private LogState()
    {
    }

    public string Message { get; private set; } = string.Empty;

    public int Count => _attributes.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => true;

    public KeyValuePair<string, object?> this[int index] => _attributes[index];

    /// <summary>
    /// Takes this thread's free state (or a new one when it is in use, as in a log written from inside
    /// a log processor) and points it at the message and attributes. A lazy sequence is materialized
    /// once, so it is enumerated only once.
    /// </summary>
    public static LogState Rent(string message, IEnumerable<KeyValuePair<string, object?>>? attributes)
    {
        var state = t_free ?? new LogState();
        t_free = null;
        state.Message = message;
        state._attributes = attributes switch
        {
            null => [],
            IReadOnlyList<KeyValuePair<string, object?>> list => list,
            _ => attributes.ToArray(),
        };
        return state;
    }

    /// <summary>Drops the references to the caller's data and frees the state for the thread's next call.</summary>
    public void Return()
    {
        Message = string.Empty;
        _attributes = [];
        t_free = this;
    }

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        if (_attributes is ICollection<KeyValuePair<string, object?>> collection)
        {
            collection.CopyTo(array, arrayIndex);
            return;
        }

        for (var i = 0; i < _attributes.Count; i++)
        {
            array[arrayIndex + i] = _attributes[i];
        }
    }

    public bool Contains(KeyValuePair<string, object?> item)
    {
        for (var i = 0; i < _attributes.Count; i++)
        {
            if (EqualityComparer<KeyValuePair<string, object?>>.Default.Equals(_attributes[i], item))
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => throw ReadOnly();

    void ICollection<KeyValuePair<string, object?>>.Clear() => throw ReadOnly();

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) => throw ReadOnly();

    public override string ToString() => Message;

    private static NotSupportedException ReadOnly() => new("The log state is read-only.");
}
