namespace TelemetryFlow.Infrastructure.Implementation.Delivery;

/// <summary>A stored batch file: its path, signal (from its name) and size.</summary>
internal readonly record struct StoredFile(string Path, SignalType Signal, long Length);
