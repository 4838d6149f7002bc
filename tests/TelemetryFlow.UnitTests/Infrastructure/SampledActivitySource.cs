using System.Diagnostics;

namespace TelemetryFlow.UnitTests.Infrastructure;

/// <summary>
/// Samples every activity of one <see cref="ActivitySource"/> instance (AllDataAndRecorded), so spans start
/// without a tracer provider. The listener matches the instance, not the name, so tests running in
/// parallel never record each other's spans.
/// </summary>
internal sealed class SampledActivitySource : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly bool _ownsSource;

    private SampledActivitySource(ActivitySource source, bool ownsSource)
    {
        Source = source;
        _ownsSource = ownsSource;
        _listener = new ActivityListener
        {
            ShouldListenTo = candidate => ReferenceEquals(candidate, source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivitySource Source { get; }

    /// <summary>A new source with a unique name, disposed with this object.</summary>
    public static SampledActivitySource Create() => new(new ActivitySource(UniqueName()), ownsSource: true);

    /// <summary>Samples an existing source (for example a runtime's); the source stays owned by the caller.</summary>
    public static SampledActivitySource Listen(ActivitySource source) => new(source, ownsSource: false);

    public static string UniqueName() => "TelemetryFlow.UnitTests." + Guid.NewGuid().ToString("N");

    public Activity Start(string name = "operation") =>
        Source.StartActivity(name) ?? throw new InvalidOperationException("The listener did not sample the activity.");

    public void Dispose()
    {
        _listener.Dispose();
        if (_ownsSource)
        {
            Source.Dispose();
        }
    }
}
