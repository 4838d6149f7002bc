using TelemetryFlow.Cli.Commands;
using TelemetryFlow.Cli.Configuration;
using TelemetryFlow.Cli.Generation;

namespace TelemetryFlow.Cli.Tests.Configuration;

public sealed class EnvFileTests : IDisposable
{
    private readonly TempDirectory _directory = new("tfcli-envfile");

    public void Dispose() => _directory.Dispose();

    /// <summary>The CLI's reader (what <c>doctor</c> sees) and the generated one (what the app sees).</summary>
    public static TheoryData<string> Readers => new() { nameof(DotEnvFile), nameof(GeneratedEnvFileReader) };

    /// <summary>
    /// One table for both readers: a file's text and every value it must give, nothing more. Lines are joined with
    /// <c>\n</c> unless the text says otherwise.
    /// </summary>
    public static TheoryData<string, string, string, string> Fixtures()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var reader in new[] { nameof(DotEnvFile), nameof(GeneratedEnvFileReader) })
        {
            foreach (var (name, text, expected) in FixtureRows)
            {
                data.Add(reader, name, text, expected);
            }
        }

        return data;
    }

    private static readonly (string Name, string Text, string Expected)[] FixtureRows =
    [
        ("plain", "A=1\nB=two", "A=1;B=two"),
        ("comments and blank lines", "# a comment\n\n   \n  # indented comment\nA=1", "A=1"),
        ("export prefix", "export A=exported\nexport   B=spaced", "A=exported;B=spaced"),
        ("spaces around key and value", "  A  =  padded  ", "A=padded"),
        ("double quotes keep spaces and #", "A=\"  a #b  \"", "A=  a #b  "),
        ("single quotes", "A='it is'", "A=it is"),
        ("mismatched quotes stay", "A=\"open'", "A=\"open'"),
        ("lone quote stays", "A=\"", "A=\""),
        ("trailing comment after a space", "A=staging # the stage", "A=staging"),
        ("hash without a space is a value", "A=a#b", "A=a#b"),
        ("equals in the value", "A=x=y=z", "A=x=y=z"),
        ("empty value is unset", "A=\nB=\"\"\nC=   \nD=1", "D=1"),
        ("line without equals", "not a setting\nA=1", "A=1"),
        ("line starting with equals", "=orphan\nA=1", "A=1"),
        ("commented assignment", "#A=1\nB=2", "B=2"),
        ("later line wins", "A=first\nA=second", "A=second"),
        ("CRLF line ends", "A=1\r\nB=2\r\n", "A=1;B=2"),
        ("secret with symbols", "TELEMETRYFLOW_API_KEY_SECRET=tfs_a$b%c!d", "TELEMETRYFLOW_API_KEY_SECRET=tfs_a$b%c!d"),
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reader_Fixture_GivesExactlyTheExpectedValues(string reader, string fixture, string text, string expected)
    {
        var path = _directory.Write(".env", text);

        var values = Read(reader, path);

        var wanted = expected.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        Assert.True(wanted.Count == values.Count && wanted.All(w => values.TryGetValue(w.Key, out var v) && v == w.Value), $"{reader}, {fixture}: got {string.Join(";", values.Select(v => $"{v.Key}={v.Value}"))}");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void WrittenEnvFile_ReadsBackToTheSameValues(string reader)
    {
        var flags = new ConfigFlags("my service #1", "tfk_round", "tfs_round$trip", "http://collector.local:4318/base path", "pre prod", Protocol.HttpProtobuf, NoMetrics: true, NoLogs: false, NoTraces: false, V2: true, Insecure: true);
        var settings = ScaffoldSettings.From(flags, ProjectInfo.Inspect(_directory.Path));
        var path = _directory.Write(EnvFileTemplate.FileName, EnvFileTemplate.Render(settings));

        var values = Read(reader, path);

        Assert.Equal("my service #1", values["TELEMETRYFLOW_SERVICE_NAME"]);
        Assert.Equal("tfs_round$trip", values["TELEMETRYFLOW_API_KEY_SECRET"]);
        Assert.Equal("http://collector.local:4318/base path", values["TELEMETRYFLOW_ENDPOINT"]);
        Assert.Equal("pre prod", values["TELEMETRYFLOW_ENVIRONMENT"]);
        Assert.Equal("http", values["TELEMETRYFLOW_PROTOCOL"]);
        Assert.Equal("false", values["TELEMETRYFLOW_ENABLE_METRICS"]);
        Assert.Equal("true", values["TELEMETRYFLOW_USE_V2_API"]);
        Assert.Equal("true", values["TELEMETRYFLOW_INSECURE"]);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Reader_FollowsDotenvConventions(string reader)
    {
        var path = _directory.Write(".env", """
            # a comment
            export TELEMETRYFLOW_SERVICE_NAME=exported
            TELEMETRYFLOW_ENDPOINT = "http://localhost:4317"
            TELEMETRYFLOW_ENVIRONMENT=staging # trailing comment
            TELEMETRYFLOW_API_KEY_ID=
            not a setting
            """);

        var values = Read(reader, path);

        Assert.Equal("exported", values["TELEMETRYFLOW_SERVICE_NAME"]);
        Assert.Equal("http://localhost:4317", values["TELEMETRYFLOW_ENDPOINT"]);
        Assert.Equal("staging", values["TELEMETRYFLOW_ENVIRONMENT"]);
        Assert.False(values.ContainsKey("TELEMETRYFLOW_API_KEY_ID"), "an empty value is unset, as the SDK treats it");
        Assert.Equal(3, values.Count);
    }

    [Fact]
    public void GeneratedReader_NoFile_GivesNoValues()
    {
        Assert.Empty(GeneratedEnvFileReader.Read(_directory.Combine("absent.env")));
    }

    private static IReadOnlyDictionary<string, string> Read(string reader, string path) =>
        reader == nameof(DotEnvFile) ? DotEnvFile.Read(path) : GeneratedEnvFileReader.Read(path);
}
