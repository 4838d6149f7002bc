using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Lifecycle;

/// <summary>Flushes pending telemetry and stops the providers; returns whether everything was flushed in time.</summary>
/// <param name="Timeout">How long flush and shutdown may take together.</param>
internal readonly record struct ShutdownSdkCommand(TimeSpan Timeout) : ICommand<bool>, IValidatedMessage;
