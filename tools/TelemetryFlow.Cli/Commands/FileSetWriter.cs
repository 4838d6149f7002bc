using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Commands;

/// <summary>The overwrite policy and its report, shared by every command that writes files.</summary>
internal static class FileSetWriter
{
    /// <summary>Writes the set, or refuses when a file exists and <paramref name="force"/> is off. Returns whether it wrote.</summary>
    public static bool TryWrite(CliContext context, FileSet files, bool force)
    {
        var existing = files.Existing();
        if (existing.Count > 0 && !force)
        {
            context.Ui.Error($"nothing written: {existing.Count} file(s) already exist in {files.Root}:");
            foreach (var path in existing)
            {
                context.Ui.Error($"  exists: {path}");
            }

            context.Ui.Error("rerun with --force to overwrite them.");
            return false;
        }

        var replaced = files.WriteAll();
        foreach (var path in files.RelativePaths)
        {
            context.Ui.Success($"{(replaced.Contains(path) ? "overwrote" : "created")} {path}");
        }

        return true;
    }

    /// <summary>Prints the SDK's validation errors and says nothing was written.</summary>
    public static int ReportInvalid(CliContext context, IReadOnlyList<string> errors)
    {
        context.Ui.Error("nothing written: the values are not valid for the TelemetryFlow SDK:");
        foreach (var error in errors)
        {
            context.Ui.Error("  " + error);
        }

        return Program.Failure;
    }

    /// <summary>The secret warning and the .gitignore hint, unless the file is already ignored.</summary>
    public static void WarnAboutSecretFile(CliContext context, string directory, bool containsSecret)
    {
        var gitignore = Path.Combine(directory, ".gitignore");
        var ignored = File.Exists(gitignore)
            && File.ReadLines(gitignore).Any(line => line.Trim() is EnvFileName or "/" + EnvFileName or ".env*" or ".env.*");
        if (containsSecret)
        {
            context.Ui.Warning($"{EnvFileName} contains your API key secret. Never commit it.");
        }

        if (!ignored)
        {
            context.Ui.Line($"Keep {EnvFileName} out of source control (.gitignore hint):");
            context.Ui.Code([$"echo '{EnvFileName}' >> .gitignore"]);
        }
    }

    private const string EnvFileName = EnvFileTemplate.FileName;
}
