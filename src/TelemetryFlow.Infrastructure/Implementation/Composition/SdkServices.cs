using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelemetryFlow.Application.Common.Behaviours;
using TelemetryFlow.Application.Common;
using TelemetryFlow.Application.Common.Validation;
using TelemetryFlow.Application.Events;
using TelemetryFlow.Infrastructure.Implementation.Events;
using TelemetryFlow.Application.Lifecycle;
using TelemetryFlow.Infrastructure.Implementation.Delivery;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;
using TelemetryFlow.Infrastructure.Implementation.Export;
using TelemetryFlow.Infrastructure.Implementation.Resources;
using TelemetryFlow.Infrastructure.Implementation.Telemetry;
using TelemetryFlow.Infrastructure.Lifecycle;

namespace TelemetryFlow.Infrastructure.Implementation.Composition;

/// <summary>
/// Composes one client's private service provider: the source-generated mediator, its handlers and
/// behaviors, and the runtime parts they drive. The host application's container never sees any of it,
/// so an app that uses Mediator (or MediatR) itself gets no <c>IMediator</c> from us.
/// </summary>
internal static class SdkServices
{
    /// <param name="config">The configuration.</param>
    /// <param name="loggerFactory">Where the SDK's own log lines go (<see cref="SdkDiagnosticLog"/>); none when null.</param>
    /// <param name="configure">Registrations added last, for integrations and tests.</param>
    public static ServiceProvider Build(TelemetryConfig config, ILoggerFactory? loggerFactory, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddSingleton(new SdkDiagnosticLog(config, loggerFactory));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SdkLifecycle>();
        services.AddSingleton<EventSubscribers>();
        services.AddSingleton<ITelemetryEventSink, MediatorEventSink>();
        services.AddSingleton<TelemetryPipelineExtensions>();
        services.AddSingleton(ResourceDetector.Process);

        // The runtime, in the order its parts feed each other: the breakers are asked by delivery and read by the
        // accounting; delivery settles what became of each export in the accounting; the pipeline records into the
        // accounting and exports through delivery.
        services.AddSingleton<CircuitBreakers>();
        services.AddSingleton<ExportAccounting>();
        services.AddSingleton<IDropRecorder>(sp => sp.GetRequiredService<ExportAccounting>());
        services.AddSingleton<ExportDelivery>();
        services.AddSingleton<TelemetryPipeline>();
        services.AddSingleton<SharedRateLimiter>();
        services.AddSingleton<IValidator<ShutdownSdkCommand>, ShutdownSdkCommandValidator>();
        services.AddSingleton<IValidator<FlushTelemetryCommand>, FlushTelemetryCommandValidator>();
        services.AddMediator(options =>
        {
            options.Namespace = "TelemetryFlow.Infrastructure.Dispatch";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.Assemblies = [typeof(InitializeSdkCommand), typeof(LifecycleCommandHandler)];
            options.PipelineBehaviors = [typeof(DataCommandGateBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        configure?.Invoke(services);

        // No ValidateOnBuild: WarmUp constructs every service type right after, which finds a missing dependency as
        // validation would, and a constructor that throws, which it would not; validating first walked every
        // constructor through reflection a second time, slow under Native AOT (docs/benchmarks.md, Native AOT). What
        // it no longer checks: an earlier registration of a type registered twice (only the last one is resolved).
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            WarmUp(provider, services);
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    /// <summary>
    /// Resolves every registered service type once, before the first dispatch. The generated mediator builds its
    /// handler table lazily on first use, and if a handler's construction throws there, later calls
    /// spin forever; resolving here turns that into one clear exception at creation instead.
    /// </summary>
    /// <remarks>
    /// One <c>GetService</c> per type, not <c>GetServices</c>: an <c>IEnumerable&lt;T&gt;</c> of a type known only at
    /// run time needs code generated at run time, which Native AOT does not have. The mediator registers each
    /// handler under its own class too, so every handler is still built here.
    /// </remarks>
    private static void WarmUp(ServiceProvider provider, IServiceCollection services)
    {
        var resolved = new HashSet<Type>();
        foreach (var descriptor in services)
        {
            if (!descriptor.ServiceType.IsGenericTypeDefinition && !descriptor.IsKeyedService && resolved.Add(descriptor.ServiceType))
            {
                _ = provider.GetService(descriptor.ServiceType);
            }
        }
    }
}
