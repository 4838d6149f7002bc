using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using SdkMediator = TelemetryFlow.Infrastructure.Dispatch.Mediator;

namespace TelemetryFlow.Infrastructure.Implementation.Events;

/// <summary>
/// Publishes domain events through the SDK's mediator, after mirroring each to the self-diagnostics
/// <see cref="TelemetryFlowEventSource"/> and to the app's logging (<see cref="SdkDiagnosticLog"/>). The mediator is resolved on first use: it depends (through
/// the handlers) on the runtime parts that raise events, so it cannot be injected.
/// </summary>
internal sealed class MediatorEventSink : ITelemetryEventSink
{
    private readonly IServiceProvider _services;
    private readonly Uri _endpoint;
    private readonly SdkDiagnosticLog _log;
    private SdkMediator? _mediator;

    public MediatorEventSink(IServiceProvider services, TelemetryConfig config, SdkDiagnosticLog log)
    {
        _services = services;
        _endpoint = config.EndpointUri;
        _log = log;
    }

    public void Raise(TelemetryFlowEvent telemetryEvent)
    {
        TelemetryFlowEventSource.Log.Write(telemetryEvent, _endpoint);
        _log.Write(telemetryEvent);
        try
        {
            _mediator ??= _services.GetRequiredService<SdkMediator>();
            var pending = _mediator.Publish(new TelemetryEventNotification(telemetryEvent));
            if (!pending.IsCompletedSuccessfully)
            {
                _ = Observe(pending);
            }
        }
        catch (ObjectDisposedException)
        {
            // The client is being disposed; nobody is left to tell.
        }
    }

    private static async Task Observe(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Subscribers' failures are counted by EventSubscribers; nothing may escape here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
