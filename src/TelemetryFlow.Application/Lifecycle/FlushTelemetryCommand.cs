using Mediator;
using TelemetryFlow.Application.Common.Messages;

namespace TelemetryFlow.Application.Lifecycle;

/// <summary>Exports everything pending now; returns whether all signals flushed in time.</summary>
/// <param name="Timeout">How long the flush may take.</param>
internal readonly record struct FlushTelemetryCommand(TimeSpan Timeout) : ICommand<bool>, IValidatedMessage;
