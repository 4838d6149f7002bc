using System.Diagnostics;
using Mediator;

namespace InteropApp;

// The user application's own messages and handlers: public, in the app's assembly, dispatched by the app's
// own source-generated mediator. Nothing here knows about TelemetryFlow.

public sealed record Ping(Guid Id, string Text) : IRequest<Pong>;

/// <summary>The reply; <paramref name="AmbientTraceId"/> is the trace id of <see cref="Activity.Current"/> inside the handler.</summary>
public sealed record Pong(Guid Id, string Text, string? AmbientTraceId);

public sealed class PingHandler : IRequestHandler<Ping, Pong>
{
    public ValueTask<Pong> Handle(Ping request, CancellationToken cancellationToken) =>
        new(new Pong(request.Id, request.Text.ToUpperInvariant(), Activity.Current?.TraceId.ToHexString()));
}

public sealed record OrderPlaced(Guid OrderId, decimal Amount) : INotification;

/// <summary>Collects every notification the app's handlers saw, so tests can assert delivery without waiting.</summary>
public sealed class OrderLedger
{
    private readonly List<(string Handler, Guid OrderId)> _entries = [];

    public IReadOnlyList<(string Handler, Guid OrderId)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(string handler, Guid orderId)
    {
        lock (_entries)
        {
            _entries.Add((handler, orderId));
        }
    }
}

public sealed class OrderPlacedAuditHandler(OrderLedger ledger) : INotificationHandler<OrderPlaced>
{
    public ValueTask Handle(OrderPlaced notification, CancellationToken cancellationToken)
    {
        ledger.Add(nameof(OrderPlacedAuditHandler), notification.OrderId);
        return ValueTask.CompletedTask;
    }
}

public sealed class OrderPlacedEmailHandler(OrderLedger ledger) : INotificationHandler<OrderPlaced>
{
    public ValueTask Handle(OrderPlaced notification, CancellationToken cancellationToken)
    {
        ledger.Add(nameof(OrderPlacedEmailHandler), notification.OrderId);
        return ValueTask.CompletedTask;
    }
}
