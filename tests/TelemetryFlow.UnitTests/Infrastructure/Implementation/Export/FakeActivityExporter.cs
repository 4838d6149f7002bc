using System.Diagnostics;
using OpenTelemetry;

namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Export;

/// <summary>An exporter that answers with <see cref="Result"/> (or throws <see cref="Throw"/>) and records every call.</summary>
internal sealed class FakeActivityExporter : BaseExporter<Activity>
{
    private readonly List<string> _exported = [];

    public ExportResult Result { get; set; } = ExportResult.Success;

    public Exception? Throw { get; set; }

    /// <summary>Runs inside <see cref="Export"/>, as a transport would (for example to note a failure reason).</summary>
    public Action? OnExport { get; set; }

    public bool FlushResult { get; set; } = true;

    public bool ShutdownResult { get; set; } = true;

    public IReadOnlyList<string> ExportedNames
    {
        get
        {
            lock (_exported)
            {
                return [.. _exported];
            }
        }
    }

    public List<int> FlushTimeouts { get; } = [];

    public List<int> ShutdownTimeouts { get; } = [];

    public bool Disposed { get; private set; }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_exported)
        {
            foreach (var activity in batch)
            {
                _exported.Add(activity.DisplayName);
            }
        }

        OnExport?.Invoke();
        return Throw is null ? Result : throw Throw;
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        FlushTimeouts.Add(timeoutMilliseconds);
        return FlushResult;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        ShutdownTimeouts.Add(timeoutMilliseconds);
        return ShutdownResult;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
