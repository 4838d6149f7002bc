using System.Data.Common;
using TelemetryFlow.Infrastructure.Implementation.Diagnostics;

namespace TelemetryFlow.Infrastructure.Implementation.Instrumentation;

/// <summary>
/// EF Core's command events on its <c>Microsoft.EntityFrameworkCore</c> diagnostic listener, turned into database spans.
/// EF Core creates an event's payload only when a subscriber wants that event, and this one wants only the four below.
/// </summary>
internal sealed class EntityFrameworkCoreObserver(DbCommandSpans spans) : IObserver<KeyValuePair<string, object?>>
{
    private const string Prefix = "Microsoft.EntityFrameworkCore.Database.Command.";
    private const string Executing = Prefix + "CommandExecuting";
    private const string Executed = Prefix + "CommandExecuted";
    private const string Error = Prefix + "CommandError";
    private const string Canceled = Prefix + "CommandCanceled";

    private readonly PayloadProperty<DbCommand> _command = new("Command");
    private readonly PayloadProperty<Exception> _exception = new("Exception");

    public static bool IsEnabled(string name) => name is Executing or Executed or Error or Canceled;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        try
        {
            if (_command.Read(value.Value) is not { } command)
            {
                return;
            }

            switch (value.Key)
            {
                case Executing:
                    spans.Start(command);
                    break;
                case Executed:
                case Canceled:
                    spans.Stop(command, null);
                    break;
                case Error:
                    spans.Stop(command, _exception.Read(value.Value));
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
}
