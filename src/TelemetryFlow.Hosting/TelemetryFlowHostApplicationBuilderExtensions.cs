using Microsoft.Extensions.DependencyInjection;
using TelemetryFlow;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the TelemetryFlow SDK on a host application builder.</summary>
public static class TelemetryFlowHostApplicationBuilderExtensions
{
    /// <summary>
    /// Registers TelemetryFlow with the builder's <c>TelemetryFlow</c> configuration section. Same as
    /// <c>builder.Services.AddTelemetryFlow(configure)</c>; safe to call more than once.
    /// </summary>
    /// <param name="builder">The host application builder (for example <c>WebApplication.CreateBuilder()</c>).</param>
    /// <param name="configure">Code settings, applied last (highest precedence).</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddTelemetryFlow(this IHostApplicationBuilder builder, Action<TelemetryFlowBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTelemetryFlow(configure);
        return builder;
    }
}
