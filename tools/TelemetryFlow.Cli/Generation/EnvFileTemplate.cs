using System.Text;
using System.Buffers;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.Cli.Generation;

/// <summary>Writes <c>.env.telemetryflow</c>: every setting as a <c>TELEMETRYFLOW_*</c> variable.</summary>
internal static class EnvFileTemplate
{
    public const string FileName = ".env.telemetryflow";

    private static readonly SearchValues<char> ShellSpecial = SearchValues.Create(" \t#\"$`\\");

    public static string Render(ScaffoldSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine($"# TelemetryFlow settings for '{settings.ServiceName}', written by {Program.CommandName} {CliVersion.Tool}.");
        text.AppendLine("#");
        text.AppendLine("# THIS FILE HOLDS YOUR API KEY SECRET: keep it out of source control (add \".env.telemetryflow\" to .gitignore).");
        text.AppendLine("#");
        text.AppendLine("# The SDK reads these names from the environment (WithAutoConfiguration(), AddTelemetryFlow()). Load the file with");
        text.AppendLine("# `docker run --env-file .env.telemetryflow`, `set -a; . ./.env.telemetryflow; set +a`, or let the generated");
        text.AppendLine("# Telemetry/TelemetrySetup.cs read it. Precedence: code > environment variables > this file > appsettings > defaults.");
        text.AppendLine();
        if (!settings.HasCredentials)
        {
            text.AppendLine("# Fill in your API key (TelemetryFlow console, API keys): the SDK refuses to start without it.");
        }

        if (settings.SecretKeptIn is not null)
        {
            text.AppendLine($"# {SettingCatalog.ApiKeySecret.Variable} is not written here: the app already configures it ({settings.SecretKeptIn}).");
        }

        foreach (var (setting, value) in settings.Values())
        {
            Append(text, setting.Variable!, value is bool flag ? Bool(flag) : value as string);
        }

        return text.ToString();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static void Append(StringBuilder text, string name, string? value) => text.Append(name).Append('=').AppendLine(Quote(value ?? string.Empty));

    // Values a shell would expand or split are single-quoted, which shells and dotenv readers read alike
    // (ScaffoldSettings.Validate refuses a value containing a single quote).
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(ShellSpecial) >= 0 ? "'" + value + "'" : value;
}
