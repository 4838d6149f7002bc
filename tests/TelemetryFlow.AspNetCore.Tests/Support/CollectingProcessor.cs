using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace TelemetryFlow.AspNetCore.Tests.Support;

/// <summary>Records the activities another OpenTelemetry pipeline in the process ended, to compare with the receiver's.</summary>
internal sealed class CollectingProcessor : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    public IReadOnlyList<Activity> Ended => [.. _ended];

    public override void OnEnd(Activity data) => _ended.Enqueue(data);
}
