using Mediator;

namespace TelemetryFlow.Application.Lifecycle;

/// <summary>Starts the OpenTelemetry providers and exporters for the enabled signals. Harmless when already running.</summary>
internal readonly record struct InitializeSdkCommand : ICommand;
