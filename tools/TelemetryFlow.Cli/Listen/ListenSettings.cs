namespace TelemetryFlow.Cli.Listen;

/// <summary>What <c>listen</c> was asked for.</summary>
internal sealed record ListenSettings(int GrpcPort, int HttpPort, bool AllInterfaces, int Width, TimeSpan QuietPeriod, TimeSpan OrphanTimeout);
