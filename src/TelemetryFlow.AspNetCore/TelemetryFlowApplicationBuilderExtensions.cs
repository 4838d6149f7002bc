using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelemetryFlow.AspNetCore;
using TelemetryFlow.Hosting.Implementation;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the TelemetryFlow request middleware.</summary>
public static class TelemetryFlowApplicationBuilderExtensions
{
    // What UseMiddleware<T> finds by reflection (the constructor and Invoke/InvokeAsync), kept in trimmed and AOT apps.
    private const DynamicallyAccessedMemberTypes MiddlewareMembers = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods;

    /// <summary>
    /// Adds <see cref="TelemetryFlowMiddleware"/>: one server span per request and the HTTP server
    /// metrics. Call it early, before the endpoints it should observe.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="configure">Adjusts the middleware options (excluded paths, metrics, enrichment).</param>
    /// <returns>The application.</returns>
    /// <exception cref="InvalidOperationException"><c>AddTelemetryFlow()</c> was not called.</exception>
    public static IApplicationBuilder UseTelemetryFlow(this IApplicationBuilder app, Action<TelemetryFlowMiddlewareOptions>? configure = null) =>
        app.UseTelemetryFlow<TelemetryFlowMiddleware>(configure);

    /// <summary>Adds a custom subclass of <see cref="TelemetryFlowMiddleware"/>.</summary>
    /// <typeparam name="TMiddleware">The middleware type.</typeparam>
    /// <param name="app">The application.</param>
    /// <param name="configure">Adjusts the middleware options.</param>
    /// <returns>The application.</returns>
    /// <exception cref="InvalidOperationException"><c>AddTelemetryFlow()</c> was not called.</exception>
    public static IApplicationBuilder UseTelemetryFlow<[DynamicallyAccessedMembers(MiddlewareMembers)] TMiddleware>(this IApplicationBuilder app, Action<TelemetryFlowMiddlewareOptions>? configure = null)
        where TMiddleware : TelemetryFlowMiddleware
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<TelemetryFlowRegistration>() is null)
        {
            throw new InvalidOperationException("UseTelemetryFlow() needs the TelemetryFlow services: call builder.Services.AddTelemetryFlow() first.");
        }

        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryFlowMiddlewareOptions>>().Value;
        configure?.Invoke(options);
        return app.UseMiddleware<TMiddleware>(Microsoft.Extensions.Options.Options.Create(options));
    }
}
