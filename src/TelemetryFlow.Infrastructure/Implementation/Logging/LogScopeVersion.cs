using System.Runtime.CompilerServices;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Logging;

/// <summary>
/// Gives the SDK's own log scope (<c>TelemetryFlow</c>) the SDK's version, as its spans and metrics have.
/// </summary>
/// <remarks>
/// <para>
/// OpenTelemetry .NET exports an <c>ILogger</c> record under the instrumentation scope named by the logger's category,
/// and <c>ILogger</c> has no notion of a version, so the scope's version is empty. Only the Logs Bridge API
/// (<c>LoggerProvider.GetLogger(name, version)</c>) sets one, and the stable packages keep that API internal. The
/// scope loggers are cached per name for the whole process, and the one for a category is what every record of that
/// category carries to the exporter.
/// </para>
/// <para>
/// So this sets the version on the cached scope logger of the <c>TelemetryFlow</c> category, through
/// <see cref="UnsafeAccessorAttribute"/> (no reflection: trimming- and AOT-safe). It reaches OpenTelemetry internals
/// (checked against 1.20 and 1.21); should a later version rename them, the records go out without a version, the
/// <c>OpenTelemetry-TelemetryFlow</c> event source says so once, and <c>LogScopeTests</c> fails. The host's own
/// categories keep an empty version: the version of an application's logger is not the SDK's to state.
/// </para>
/// </remarks>
internal static class LogScopeVersion
{
    private const string ScopeLoggerType = "OpenTelemetry.Internal.InstrumentationScopeLogger, OpenTelemetry";
    private const string LoggerOptionsType = "OpenTelemetry.Logs.LoggerOptions, OpenTelemetry.Api";
    private const string LoggerType = "OpenTelemetry.Logs.Logger, OpenTelemetry.Api";

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Done = new(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="version"/> on the scope of <paramref name="category"/> once per process; false when OpenTelemetry's internals did not allow it.</summary>
    public static bool Apply(string category, string version)
    {
        lock (Gate)
        {
            if (Done.Contains(category))
            {
                return true;
            }

            try
            {
                var options = NewLoggerOptions();
                SetName(options, category);
                SetInstrumentationScope(GetScopeLogger(null, options), version, null);
                Done.Add(category);
                return true;
            }
            catch (Exception e)
            {
                // Any failure reaching into OpenTelemetry's internals (a renamed member, a changed shape) costs only the
                // version on the scope, never the client's start.
                TelemetryFlowEventSource.Log.LogScopeVersionUnavailable(e.GetType().Name);
                return false;
            }
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    [return: UnsafeAccessorType(LoggerOptionsType)]
    private static extern object NewLoggerOptions();

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Name")]
    private static extern void SetName([UnsafeAccessorType(LoggerOptionsType)] object options, string? name);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "GetInstrumentationScopeLogger")]
    [return: UnsafeAccessorType(ScopeLoggerType)]
    private static extern object GetScopeLogger([UnsafeAccessorType(ScopeLoggerType)] object? type, [UnsafeAccessorType(LoggerOptionsType)] object options);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "SetInstrumentationScope")]
    private static extern void SetInstrumentationScope([UnsafeAccessorType(LoggerType)] object logger, string? version, string? schemaUrl);
}
