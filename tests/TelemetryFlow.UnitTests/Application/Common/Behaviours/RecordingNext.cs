using Mediator;

namespace TelemetryFlow.UnitTests.Application.Common.Behaviours;

/// <summary>A pipeline continuation that records the messages it receives and answers with a fixed result.</summary>
internal sealed class RecordingNext<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly TResponse _result;
    private readonly List<TMessage> _messages = [];

    public RecordingNext(TResponse result) => _result = result;

    public IReadOnlyList<TMessage> Messages => _messages;

    public ValueTask<TResponse> Invoke(TMessage message, CancellationToken _)
    {
        _messages.Add(message);
        return new ValueTask<TResponse>(_result);
    }
}
