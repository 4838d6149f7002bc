using System.Data.Common;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// Microsoft.Data.SqlClient's command events on its <c>SqlClientDiagnosticListener</c>, turned into database spans. From
/// version 5.1 the payloads are key/value lists, read without reflection; older payloads are not read. A command EF Core
/// is already tracing gets no second span.
/// </summary>
internal sealed class SqlClientObserver(DbCommandSpans spans, Func<DbCommand, bool> tracedElsewhere) : IObserver<KeyValuePair<string, object?>>
{
    private const string Before = "Microsoft.Data.SqlClient.WriteCommandBefore";
    private const string After = "Microsoft.Data.SqlClient.WriteCommandAfter";
    private const string Error = "Microsoft.Data.SqlClient.WriteCommandError";

    public static bool IsEnabled(string name) => name is Before or After or Error;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        try
        {
            if (value.Value is not IReadOnlyList<KeyValuePair<string, object>> payload || Find(payload, "Command") is not DbCommand command)
            {
                return;
            }

            switch (value.Key)
            {
                case Before when !tracedElsewhere(command):
                    spans.Start(command);
                    break;
                case After:
                    spans.Stop(command, null);
                    break;
                case Error:
                    spans.Stop(command, Find(payload, "Exception") as Exception);
                    break;
            }
        }
        catch (Exception e)
        {
            // Raised on the application's call: telemetry trouble must never reach it.
            TelemetryFlowEventSource.Log.LibrarySpanFailed(spans.Library, e.GetType().FullName ?? "unknown");
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    private static object? Find(IReadOnlyList<KeyValuePair<string, object>> payload, string key)
    {
        for (var i = 0; i < payload.Count; i++)
        {
            if (string.Equals(payload[i].Key, key, StringComparison.Ordinal))
            {
                return payload[i].Value;
            }
        }

        return null;
    }
}
