using System.CommandLine;
using System.CommandLine.Help;
using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Output;

namespace TelemetryFlow.Cli;

/// <summary>The <c>telemetryflow-gen</c> entry point.</summary>
public static class Program
{
    /// <summary>The name the tool is installed under.</summary>
    public const string CommandName = "telemetryflow-gen";

    /// <summary>Exit code of a successful command.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failed command: a failed check, a file that would be overwritten, invalid values or arguments.</summary>
    public const int Failure = 1;

    /// <summary>Runs against the real console, environment and current directory.</summary>
    public static Task<int> Main(string[] args) =>
        RunAsync(args, Console.In, Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, System.Environment.CurrentDirectory, outputIsTerminal: !Console.IsOutputRedirected);

    /// <summary>Runs a command with captured output: the seam tests use. Relative paths start at the current directory.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, environment, System.Environment.CurrentDirectory, outputIsTerminal: false, cancellationToken);

    /// <summary>Runs a command with captured output and empty standard input, resolving relative paths from <paramref name="workingDirectory"/>.</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        string workingDirectory,
        bool outputIsTerminal = false,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, TextReader.Null, output, error, environment, workingDirectory, outputIsTerminal, cancellationToken);

    /// <summary>Runs a command with the given standard input and captured output, resolving relative paths from <paramref name="workingDirectory"/>.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextReader input,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        string workingDirectory,
        bool outputIsTerminal = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);

        var redactor = new SecretRedactor();
        redactor.AddSecretsFromArguments(args);
        redactor.AddSecret(environment(TelemetryFlowEnvironmentVariables.ApiKeySecret));
        using var safeOutput = new RedactingTextWriter(output, redactor);
        using var safeError = new RedactingTextWriter(error, redactor);
        var context = new CliContext(input, safeOutput, safeError, environment, workingDirectory, outputIsTerminal, redactor);
        try
        {
            var root = BuildRootCommand(context);
            // Ctrl+C: listen prints what is still waiting and dashboard stops its child (up to 5 s); System.CommandLine's
            // default of 2 s would cut both short.
            var invocation = new InvocationConfiguration { Output = safeOutput, Error = safeError, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
            return await root.Parse(args).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Ui.Error("cancelled.");
            return Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error(ex.Message);
            return Failure;
        }
        catch (Exception ex)
        {
            // Reported here rather than by the parser's handler so the message, too, passes the secret filter.
            context.Ui.Error($"unexpected {ex.GetType().Name}: {ex.Message}");
            return Failure;
        }
        finally
        {
            await safeOutput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await safeError.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    internal static Command BuildRootCommand(CliContext context)
    {
        // A plain command as root, not RootCommand, so help shows the tool's name rather than the host process's
        // (dotnet, testhost) whichever way it is started.
        var root = new Command(CommandName, "Scaffolds TelemetryFlow .NET SDK configuration, setup code and example projects, and diagnoses a configuration end to end.")
        {
            new HelpOption(),
            new VersionOption(),
            InitCommand.Create(context),
            ConfigCommand.Create(context),
            ExampleCommand.Create(context),
            DashboardCommand.Create(context),
            DoctorCommand.Create(context),
            ListenCommand.Create(context),
            VersionCommand.Create(context),
        };
        return root;
    }
}
