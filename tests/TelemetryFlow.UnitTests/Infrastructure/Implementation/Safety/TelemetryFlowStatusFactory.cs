namespace TelemetryFlow.UnitTests.Infrastructure.Implementation.Safety;

/// <summary>An all-zero status, for reading what <c>SafetyStatistics.AddTo</c> adds.</summary>
internal static class TelemetryFlowStatusFactory
{
    public static TelemetryFlowStatus Empty() => new()
    {
        IsInitialized = true,
        SdkVersion = "test",
        ServiceName = "unit",
        ServiceVersion = "1.0.0",
        Environment = "test",
        Endpoint = new Uri("http://127.0.0.1:4317"),
        Protocol = Protocol.Grpc,
        EnabledSignals = SignalType.All,
        Traces = Signal(SignalType.Traces),
        Metrics = Signal(SignalType.Metrics),
        Logs = Signal(SignalType.Logs),
    };

    private static SignalStatus Signal(SignalType signal) => new() { Signal = signal, Enabled = true };
}
