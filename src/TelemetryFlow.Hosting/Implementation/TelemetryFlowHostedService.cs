using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TelemetryFlow.Hosting.Implementation;

/// <summary>
/// Starts the SDK before any hosted service starts (so before the first request) and shuts it down
/// with flush after every hosted service has stopped, so telemetry written during other services'
/// <c>StopAsync</c> is still exported.
/// </summary>
internal sealed class TelemetryFlowHostedService : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly TelemetryFlowHostingOptions _options;

    public TelemetryFlowHostedService(IServiceProvider services, IOptions<TelemetryFlowHostingOptions> options)
    {
        _services = services;
        _options = options.Value;
    }

    /// <summary>Creates the client (an invalid configuration throws here, failing host startup) and initializes it.</summary>
    public Task StartingAsync(CancellationToken cancellationToken) =>
        _services.GetRequiredService<TelemetryFlowClient>().InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var client = _services.GetRequiredService<TelemetryFlowClient>();
        await client.ShutdownAsync(_options.ShutdownTimeout, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
