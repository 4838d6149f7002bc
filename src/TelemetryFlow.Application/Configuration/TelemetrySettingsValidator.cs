using TelemetryFlow.Application.Common.Validation;
using TelemetryFlow.Implementation;
using static System.FormattableString;
using static TelemetryFlow.Application.Configuration.SettingCatalog;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// The rules a merged configuration must satisfy: each setting's range from <see cref="SettingCatalog"/>, and the rules
/// across settings. Every message names the setting, where its value came from (the variable or appsettings key it was
/// read from, else the variable that sets it) and the builder method, says what is accepted, and never contains the
/// secret: raw text is quoted through <see cref="ShownValue"/>.
/// </summary>
internal sealed class TelemetrySettingsValidator : IValidator<TelemetrySettings>
{
    private readonly IReadOnlyCollection<string?> _knownSecrets;

    /// <summary>Creates the rules.</summary>
    /// <param name="knownSecrets">The key secrets of every layer, shadowed ones included; no message quotes text containing one.</param>
    public TelemetrySettingsValidator(IReadOnlyCollection<string?> knownSecrets) => _knownSecrets = knownSecrets;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationProblem> Validate(TelemetrySettings instance)
    {
        var s = instance;
        var problems = new List<ValidationProblem>();
        ValidateCredentials(s, problems);
        ValidateV2Credentials(s, problems);
        ValidateHeaders(s, problems);

        if (string.IsNullOrWhiteSpace(s.Get(ServiceName)))
        {
            problems.Add(new(ServiceName.Name, $"ServiceName is required: call WithService(name) or set {Env.ServiceName} (or {Env.OtelServiceName})."));
        }

        // Unset is fine for these (no attribute, or the per-process default); set, they must say something.
        if (s.IsSet(ServiceVersion) && string.IsNullOrWhiteSpace(s.Get(ServiceVersion)))
        {
            problems.Add(new(ServiceVersion.Name, $"ServiceVersion is empty: pass a version to WithService(name, version) or set {Env.ServiceVersion}, or leave it unset for the entry assembly's informational version."));
        }

        if (s.IsSet(ServiceNamespace) && string.IsNullOrWhiteSpace(s.Get(ServiceNamespace)))
        {
            problems.Add(new(ServiceNamespace.Name, $"ServiceNamespace is empty: call WithServiceNamespace(value) or set {Env.ServiceNamespace}, or leave it unset for none."));
        }

        if (string.IsNullOrWhiteSpace(s.Get(ServiceInstanceId)))
        {
            problems.Add(new(ServiceInstanceId.Name, $"ServiceInstanceId is empty: call WithServiceInstanceId(value) or set {ServiceInstanceId.Variable}, or leave it unset for a random id per process."));
        }

        if (string.IsNullOrWhiteSpace(s.Get(SettingCatalog.Environment)))
        {
            problems.Add(new(SettingCatalog.Environment.Name, $"Environment is empty: call WithEnvironment(value) or set {Env.Environment}, or leave it unset for the default '{TelemetryConfig.DefaultEnvironment}'."));
        }

        ValidateEndpoints(s, problems);
        ValidateRanges(s, problems);

        var (size, queue) = (s.Get(BatchMaxSize), s.Get(BatchMaxQueueSize));
        if (size < 1 || size > queue)
        {
            problems.Add(new(BatchMaxSize.Name, Invariant($"{BatchMaxSize.Label} ({BatchMaxSize.Where(s.Find(BatchMaxSize))}) is {size}; it must be between 1 and the max queue size ({queue}).")));
        }

        var (initial, max) = (s.Get(RetryBackoff), s.Get(RetryMaxBackoff));
        if (max < initial || max > TelemetryConfig.MaxExportTimeout)
        {
            problems.Add(new(RetryMaxBackoff.Name, $"{RetryMaxBackoff.Label} ({RetryMaxBackoff.Where(s.Find(RetryMaxBackoff))}) is {SettingParsers.Show(max)}; it must be at least the initial backoff ({SettingParsers.Show(initial)}) and at most 10 minutes."));
        }

        if (!s.Get(EnableTraces) && !s.Get(EnableMetrics) && !s.Get(EnableLogs))
        {
            problems.Add(new("Signals", $"No signal is enabled; enable at least one of traces, metrics or logs (WithSignals, {Env.EnableTraces}, {Env.EnableMetrics}, {Env.EnableLogs})."));
        }

        foreach (var key in s.CustomAttributes.Keys.Where(string.IsNullOrWhiteSpace))
        {
            problems.Add(new(CustomAttributes.Name, "A custom resource attribute key is empty; attribute keys must be non-empty (WithCustomAttribute)."));
        }

        foreach (var name in s.TraceSources.Where(string.IsNullOrWhiteSpace))
        {
            problems.Add(new(TraceSources.Name, "A trace source name is empty; pass ActivitySource names such as 'MyApp' or 'MyApp.*' (WithTraceSources, TraceSources)."));
        }

        foreach (var name in s.Meters.Where(string.IsNullOrWhiteSpace))
        {
            problems.Add(new(Meters.Name, "A meter name is empty; pass Meter names such as 'MyApp' or 'MyApp.*' (WithMeters, Meters)."));
        }

        foreach (var header in Headers)
        {
            if (s.Get(header) is { } value && value.Any(c => c < ' ' || c > '~' || c == ','))
            {
                problems.Add(new(header.Name, $"{header.Label} ({Origin(s, header)}) may contain only printable ASCII characters without commas, because it is sent as an HTTP header."));
            }
        }

        if (s.Get(StorageDirectory) is { } directory && (directory.Length == 0 || !Path.IsPathFullyQualified(directory)))
        {
            problems.Add(new(StorageDirectory.Name, $"{StorageDirectory.Label} ({StorageDirectory.Where(s.Find(StorageDirectory))}) {Quote(directory)} must be an absolute path the application owns; the SDK never falls back to a shared temp folder."));
        }

        foreach (var view in s.MetricViews)
        {
            foreach (var problem in view.Validate())
            {
                problems.Add(new(MetricViews.Name, $"Metric view {Quote(view.ToString())} ({MetricViews.Method}, {MetricViews.Name}) {problem}"));
            }
        }

        ValidateCertificates(s, problems);

        foreach (var pattern in s.RedactionPatterns)
        {
            if (string.IsNullOrEmpty(pattern.Pattern) || !IsValidRegex(pattern.Pattern))
            {
                problems.Add(new("RedactionPatterns", $"Redaction pattern {Quote(pattern.Name ?? string.Empty)} (WithPiiRedaction) is not a valid regular expression."));
            }
        }

        return problems;
    }

    private static void ValidateCredentials(TelemetrySettings s, List<ValidationProblem> problems)
    {
        if (!ExportCredentials.AreSent(s))
        {
            return;
        }

        // No key at all: say how to do without one, as well as how to set one.
        var noKey = string.IsNullOrEmpty(s.Get(ApiKeyId)) && string.IsNullOrEmpty(s.Get(ApiKeySecret));
        var without = noKey ? $" A receiver that needs no key: turn credentials off with WithoutCredentials() ({Env.Credentials}=none), or use a loopback endpoint." : string.Empty;
        foreach (var error in Credentials.Validate(s.Get(ApiKeyId), s.Get(ApiKeySecret)))
        {
            problems.Add(new(ApiKeyId.Name, error + " Set it with WithApiKey(keyId, keySecret)." + without));
        }
    }

    private void ValidateCertificates(TelemetrySettings s, List<ValidationProblem> problems)
    {
        foreach (var setting in new[] { Certificate, ClientCertificate, ClientKey })
        {
            // The message names the setting and the path, never anything read from the file.
            if (s.Get(setting) is { } path && !File.Exists(path))
            {
                problems.Add(new(setting.Name, $"{setting.Label} ({setting.Where(s.Find(setting))}) names {Quote(path)}, which is not a file this process can see; give the path of a PEM file."));
            }
        }

        if (s.Get(ClientCertificate) is null != s.Get(ClientKey) is null)
        {
            var (set, missing) = s.Get(ClientCertificate) is null ? (ClientKey, ClientCertificate) : (ClientCertificate, ClientKey);
            problems.Add(new(missing.Name, $"{set.Label} ({set.Where(s.Find(set))}) is set without {missing.Label} ({missing.Variable}); mutual TLS needs both PEM files (WithClientCertificate(certificatePath, keyPath))."));
        }
    }

    private static void ValidateV2Credentials(TelemetrySettings s, List<ValidationProblem> problems)
    {
        if (!ExportCredentials.AreSent(s) && (s.Get(UseV2Api) || s.Get(V2Only)))
        {
            var why = s.Get(UseCredentials) == CredentialsMode.None
                ? $"credentials are off ({UseCredentials.Where(s.Find(UseCredentials))})"
                : "no API key is configured";
            problems.Add(new(UseV2Api.Name, $"The v2 API ({UseV2Api.Where(s.Find(UseV2Api))}) needs an API key: the collector refuses /v2 requests without X-TelemetryFlow-Key-ID, but {why}. Set WithApiKey(keyId, keySecret), or use the v1 API."));
        }
    }

    private void ValidateHeaders(TelemetrySettings s, List<ValidationProblem> problems)
    {
        var credentialsSent = ExportCredentials.AreSent(s);
        foreach (var (_, name, header) in s.AllHeaders)
        {
            // Names are shown (unless one looks like a secret); values never are.
            if (ExportHeaderRules.NameProblem(name, credentialsSent) is { } problem)
            {
                problems.Add(new(CustomHeaders.Name, SettingMessages.Render($"Header {SettingMessages.RawName(name)} ({header.Origin}) {problem}", _knownSecrets)));
            }
            else if (!ExportHeaderRules.IsValidValue(header.Value))
            {
                problems.Add(new(CustomHeaders.Name, SettingMessages.Render($"Header {SettingMessages.RawName(name)} ({header.Origin}) has a value with characters a header cannot carry (line breaks, control or non-ASCII characters); the value is not shown.", _knownSecrets)));
            }
        }
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? Origin(TelemetrySettings s, Setting setting) => setting.OriginOf(s.Find(setting));

    private static void ValidateRanges(TelemetrySettings s, List<ValidationProblem> problems)
    {
        foreach (var setting in SettingCatalog.All)
        {
            if (s.Find(setting) is { Value: { } value } found && setting.Check(value) is { } problem)
            {
                problems.Add(new(setting.Name, $"{setting.Label} ({setting.Where(found)}) {problem}"));
            }
        }
    }

    private string Quote(string value) => ShownValue.Quote(value, _knownSecrets);

    private void ValidateEndpoints(TelemetrySettings s, List<ValidationProblem> problems)
    {
        var insecure = s.Get(Insecure);
        if (!OtlpEndpoint.TryParse(s.Get(Endpoint), insecure, out var endpoint, out var error, _knownSecrets))
        {
            problems.Add(new(Endpoint.Name, $"{Endpoint.Label} ({Endpoint.Where(s.Find(Endpoint))}) {error}"));
        }
        else
        {
            CheckPlaintext(problems, s, Endpoint, endpoint, insecure);
        }

        foreach (var signal in new[] { TracesEndpoint, MetricsEndpoint, LogsEndpoint })
        {
            CheckSignalEndpoint(problems, s, signal);
        }
    }

    private void CheckSignalEndpoint(List<ValidationProblem> problems, TelemetrySettings s, Setting<string?> setting)
    {
        if (s.Get(setting) is not { } value)
        {
            return;
        }

        var insecure = s.Get(Insecure);
        if (!OtlpEndpoint.TryParse(value, insecure, out var uri, out var error, _knownSecrets))
        {
            problems.Add(new(setting.Name, $"{setting.Label} ({Origin(s, setting)}) {error}"));
            return;
        }

        CheckPlaintext(problems, s, setting, uri, insecure);
        if (s.Get(V2Only) && uri.AbsolutePath.Contains("/v1/", StringComparison.Ordinal))
        {
            problems.Add(new(setting.Name, $"{setting.Label} ({Origin(s, setting)}) {Quote(uri.ToString())} is a v1 path, but V2 only mode is on ({V2Only.Where(s.Find(V2Only))}); use a /v2/ path."));
        }
    }

    private void CheckPlaintext(List<ValidationProblem> problems, TelemetrySettings s, Setting setting, Uri uri, bool insecure)
    {
        if (uri.Scheme == Uri.UriSchemeHttp && !insecure && !OtlpEndpoint.IsLoopback(uri))
        {
            problems.Add(new(setting.Name, $"{setting.Label} ({Origin(s, setting)}) {Quote(uri.GetLeftPart(UriPartial.Authority))} is plaintext http to a non-loopback host, which would send the API key unencrypted; use https, or allow it explicitly with WithInsecure(true) ({Env.Insecure}=true)."));
        }
    }
}
