using Microsoft.Extensions.Hosting;

namespace TelemetryFlow.Benchmarks.Web;

/// <summary>
/// A host lifetime that does nothing. Several hosts start and stop in this process; the default console lifetime would
/// take Ctrl+C from the program and tie each host to the process's signals.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
