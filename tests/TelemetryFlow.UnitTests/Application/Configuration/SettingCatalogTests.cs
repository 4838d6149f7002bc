using System.Reflection;
using System.Text;
using TelemetryFlow.Application.Configuration;

namespace TelemetryFlow.UnitTests.Application.Configuration;

/// <summary>The catalogue is the one declaration of every setting: the README table and the public names must agree with it.</summary>
public sealed class SettingCatalogTests
{
    private const string TableStart = "<!-- settings-table:start";
    private const string TableEnd = "<!-- settings-table:end -->";

    [Fact]
    public void ReadmeConfigurationTable_MatchesTheCatalogue()
    {
        var path = ReadmePath();
        var readme = File.ReadAllText(path);
        var start = readme.IndexOf(TableStart, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no table between '{TableStart}' and '{TableEnd}'.");
        if (Environment.GetEnvironmentVariable("TELEMETRYFLOW_REGENERATE_README") == "1")
        {
            // The one way to edit the table: regenerate it from the catalogue (UnitTests, this test, with the variable set).
            var headerEnd = readme.IndexOf('\n', start) + 1;
            readme = readme[..headerEnd] + RenderTable() + readme[end..];
            File.WriteAllText(path, readme);
            end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        }

        var rows = ParseRows(readme[start..end]);

        var expected = ExpectedRows();

        // Row by row first, so a difference names the setting; then the whole table, so the fix can be pasted.
        Assert.Equal(expected.Select(r => r[0]), rows.Select(r => r[0]));
        foreach (var (want, have) in expected.Zip(rows))
        {
            Assert.Equal(want, have);
        }

        Assert.True(rows.Count == expected.Count, "Regenerate the table:" + Environment.NewLine + RenderTable());
    }

    [Fact]
    public void Catalogue_NamesAndVariables_AreUnique()
    {
        Assert.Equal(SettingCatalog.All.Count, SettingCatalog.All.Select(s => s.Name.ToUpperInvariant()).Distinct().Count());
        var primaries = SettingCatalog.All.Where(s => s.Variable is not null).Select(s => s.Variable!).ToList();
        Assert.Equal(primaries.Count, primaries.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void PublicVariableConstants_AreAllInTheCatalogue()
    {
        var catalogued = SettingCatalog.All.SelectMany(s => s.Variables.Concat(s.AlsoReadFrom)).ToHashSet(StringComparer.Ordinal);

        var constants = typeof(TelemetryFlowEnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(constants, constant => Assert.Contains(constant, catalogued));
    }

    [Fact]
    public void Catalogue_EverySettingWithAMethod_NamesAPublicBuilderMethod()
    {
        var methods = typeof(TelemetryFlowBuilder).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(SettingCatalog.All, setting => Assert.True(setting.Method is not null && methods.Contains(setting.Method), setting.Name));
    }

    [Fact]
    public void Catalogue_Defaults_AreTheDefaultsOfABuiltConfig()
    {
        var config = TestConfigs.ValidBuilder().Build();

        Assert.Equal(
            (config.ExportTimeout, config.Retry.MaxAttempts, config.Batch.MaxQueueSize, config.MaxRequestSizeBytes, config.Limits.MaxMetricStreams),
            (SettingCatalog.Timeout.Default, SettingCatalog.MaxRetries.Default, SettingCatalog.BatchMaxQueueSize.Default, SettingCatalog.MaxRequestSize.Default, SettingCatalog.MaxMetricStreams.Default));
    }

    /// <summary>The table as <see cref="ReadmeConfigurationTable_MatchesTheCatalogue"/> expects it, for pasting into README.md.</summary>
    internal static string RenderTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| Key | Environment variables | Builder method | Default | Description |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in ExpectedRows())
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    private static List<string[]> ExpectedRows() => SettingCatalog.All.Select(s => new[]
    {
        s.InAppSettings ? $"`{s.Name}`" : $"`{s.Name}` (code only)",
        Variables(s),
        s.Method is null ? string.Empty : $"`{s.Method}`",
        s.DefaultText,
        s.Summary,
    }).ToList();

    private static string Variables(Setting s)
    {
        var parts = new List<string>();
        if (s.Variable is not null)
        {
            parts.Add($"`{s.Variable}`");
        }

        if (s.Fallbacks.Count > 0)
        {
            parts.Add("else " + string.Join(", ", s.Fallbacks.Select(v => $"`{v}`")));
        }

        if (s.AlsoReadFrom.Count > 0)
        {
            parts.Add("also " + string.Join(", ", s.AlsoReadFrom.Select(v => $"`{v}`")));
        }

        return string.Join(", ", parts);
    }

    private static List<string[]> ParseRows(string block) => block
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal) && !line.StartsWith("| Key |", StringComparison.Ordinal))
        .Select(line => line.Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray())
        .ToList();

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(Path.Combine(directory.FullName, "TelemetryFlow.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("README.md not found above " + AppContext.BaseDirectory);
    }
}
