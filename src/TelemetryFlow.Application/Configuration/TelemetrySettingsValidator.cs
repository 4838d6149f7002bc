using FluentValidation;
using static System.FormattableString;
using TelemetryFlow.Implementation;
using Env = TelemetryFlow.TelemetryFlowEnvironmentVariables;

namespace TelemetryFlow.Application.Configuration;

/// <summary>
/// The rules a merged configuration must satisfy. Every message names the setting, the builder
/// method and the environment variable, says what is accepted, and never contains the secret: raw text is quoted
/// through <see cref="ShownValue"/>.
/// </summary>
internal sealed class TelemetrySettingsValidator : AbstractValidator<TelemetrySettings>
{
    private readonly IReadOnlyCollection<string?> _knownSecrets;

    /// <summary>Creates the rules.</summary>
    /// <param name="knownSecrets">The key secrets of every layer, shadowed ones included; no message quotes text containing one.</param>
    public TelemetrySettingsValidator(IReadOnlyCollection<string?> knownSecrets)
    {
        _knownSecrets = knownSecrets;
        RuleFor(s => s).Custom((s, context) =>
        {
            foreach (var error in Credentials.Validate(s.ApiKeyId, s.ApiKeySecret))
            {
                context.AddFailure(nameof(TelemetrySettings.ApiKeyId), error + " Set it with WithApiKey(keyId, keySecret).");
            }
        });

        RuleFor(s => s.ServiceName)
            .NotEmpty()
            .WithMessage($"ServiceName is required: call WithService(name) or set {Env.ServiceName} (or {Env.OtelServiceName}).");

        RuleFor(s => s.ServiceVersion)
            .NotEmpty()
            .WithMessage($"ServiceVersion is empty: pass a version to WithService(name, version) or set {Env.ServiceVersion}, or leave it unset for the default '{TelemetryConfig.DefaultServiceVersion}'.");

        RuleFor(s => s.ServiceNamespace)
            .NotEmpty()
            .WithMessage($"ServiceNamespace is empty: call WithServiceNamespace(value) or set {Env.ServiceNamespace}, or leave it unset for the default '{TelemetryConfig.DefaultServiceNamespace}'.");

        RuleFor(s => s.Environment)
            .NotEmpty()
            .WithMessage($"Environment is empty: call WithEnvironment(value) or set {Env.Environment}, or leave it unset for the default '{TelemetryConfig.DefaultEnvironment}'.");

        RuleFor(s => s).Custom(ValidateEndpoints);

        RuleFor(s => s.Timeout!.Value)
            .Must(BeAValidTimeout)
            .WithMessage(s => Invariant($"Timeout ({Env.Timeout}, WithTimeout) is {Show(s.Timeout!.Value)}; it must be greater than 0 and at most 10 minutes."));

        RuleFor(s => s.BatchScheduledDelay!.Value)
            .Must(BeAValidTimeout)
            .WithMessage(s => Invariant($"Batch scheduled delay ({Env.BatchTimeout}, WithBatchSettings) is {Show(s.BatchScheduledDelay!.Value)}; it must be greater than 0 and at most 10 minutes."));

        RuleFor(s => s.BatchMaxQueueSize!.Value)
            .GreaterThanOrEqualTo(1)
            .WithMessage(s => Invariant($"Batch max queue size ({Env.BatchMaxQueueSize}, WithBatchSettings) is {s.BatchMaxQueueSize}; it must be at least 1."));

        RuleFor(s => s.BatchMaxExportSize!.Value)
            .Must((s, size) => size >= 1 && size <= s.BatchMaxQueueSize)
            .WithMessage(s => Invariant($"Batch max export size ({Env.BatchMaxSize}, WithBatchSettings) is {s.BatchMaxExportSize}; it must be between 1 and the max queue size ({s.BatchMaxQueueSize})."));

        RuleFor(s => s.RetryMaxAttempts!.Value)
            .InclusiveBetween(1, 100)
            .WithMessage(s => Invariant($"Retry max attempts ({Env.MaxRetries}, WithRetry) is {s.RetryMaxAttempts}; it must be between 1 and 100."));

        RuleFor(s => s.RetryInitialBackoff!.Value)
            .Must(BeAValidTimeout)
            .WithMessage(s => Invariant($"Retry initial backoff ({Env.RetryBackoff}, WithRetry) is {Show(s.RetryInitialBackoff!.Value)}; it must be greater than 0 and at most 10 minutes."));

        RuleFor(s => s.RetryMaxBackoff!.Value)
            .Must((s, max) => max >= s.RetryInitialBackoff && max <= TelemetryConfig.MaxExportTimeout)
            .WithMessage(s => Invariant($"Retry max backoff ({Env.RetryMaxBackoff}, WithRetry) is {Show(s.RetryMaxBackoff!.Value)}; it must be at least the initial backoff ({Show(s.RetryInitialBackoff!.Value)}) and at most 10 minutes."));

        RuleFor(s => s.MaxRequestSize!.Value)
            .InclusiveBetween(TelemetryConfig.MinMaxRequestSizeBytes, TelemetryConfig.MaxMaxRequestSizeBytes)
            .WithMessage(s => Invariant($"Max request size ({Env.MaxRequestSize}, WithMaxRequestSize) is {s.MaxRequestSize} bytes; it must be between 65536 (64 KiB) and 67108864 (64 MiB)."));

        RuleFor(s => s.RequestBudget!.Value)
            .InclusiveBetween(0, 1_000_000)
            .WithMessage(s => Invariant($"Request budget ({Env.RequestBudget}, WithRequestBudget) is {s.RequestBudget}; it must be 0 (follow the backend's X-RateLimit figures) or a number of requests per minute up to 1000000."));

        RuleFor(s => s.RateLimit!.Value)
            .GreaterThanOrEqualTo(0)
            .WithMessage(s => Invariant($"Rate limit ({Env.RateLimit}, WithRateLimit) is {s.RateLimit}; it must be 0 (unlimited) or a positive number of events per minute."));

        RuleFor(s => s)
            .Must(s => s.EnableTraces == true || s.EnableMetrics == true || s.EnableLogs == true)
            .WithName("Signals")
            .WithMessage($"No signal is enabled; enable at least one of traces, metrics or logs (WithSignals, {Env.EnableTraces}, {Env.EnableMetrics}, {Env.EnableLogs}).");

        RuleForEach(s => s.CustomAttributes.Keys)
            .Must(key => !string.IsNullOrWhiteSpace(key))
            .WithName("CustomAttributes")
            .WithMessage("A custom resource attribute key is empty; attribute keys must be non-empty (WithCustomAttribute).");

        RuleForEach(s => s.TraceSources)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithName("TraceSources")
            .WithMessage("A trace source name is empty; pass ActivitySource names such as 'MyApp' or 'MyApp.*' (WithTraceSources, TraceSources).");

        RuleForEach(s => s.Meters)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithName("Meters")
            .WithMessage("A meter name is empty; pass Meter names such as 'MyApp' or 'MyApp.*' (WithMeters, Meters).");

        RuleFor(s => s).Custom(ValidateHeaderValues);

        RuleFor(s => s.CircuitBreakerThreshold!.Value)
            .GreaterThanOrEqualTo(1)
            .WithMessage(s => Invariant($"Circuit breaker failure threshold (WithCircuitBreaker) is {s.CircuitBreakerThreshold}; it must be at least 1."));

        RuleFor(s => s.CircuitBreakerCoolDown!.Value)
            .Must(BeAValidTimeout)
            .WithMessage(s => Invariant($"Circuit breaker cool-down (WithCircuitBreaker) is {Show(s.CircuitBreakerCoolDown!.Value)}; it must be greater than 0 and at most 10 minutes."));

        RuleFor(s => s.StorageDirectory)
            .Must(directory => directory is null || (directory.Length > 0 && Path.IsPathFullyQualified(directory)))
            .WithMessage(s => $"Storage directory ({Env.StorageDirectory}, WithPersistentStorage) {Quote(s.StorageDirectory!)} must be an absolute path the application owns; the SDK never falls back to a shared temp folder.");

        RuleFor(s => s.StorageMaxSizeBytes!.Value)
            .GreaterThanOrEqualTo(1024L * 1024)
            .WithMessage(s => Invariant($"Storage max size (WithPersistentStorage) is {s.StorageMaxSizeBytes} bytes; it must be at least 1 MiB (1048576)."));

        RuleFor(s => s.SamplingRatio!.Value)
            .InclusiveBetween(0.0, 1.0)
            .WithMessage(s => Invariant($"Sampling ratio (WithSampling, {Env.OtelTracesSamplerArg}) is {s.SamplingRatio}; it must be from 0 to 1."));

        RuleFor(s => s)
            .Must(s => s.LimitAttributeValueLength >= 16 && s.LimitAttributeCount >= 1 && s.LimitLogBodyLength >= 16 && s.LimitMetricCardinality >= 2 && s.LimitMaxMetricStreams >= 1 && s.LimitAttributeKeyLength >= 16)
            .WithName("Limits")
            .WithMessage(s => Invariant($"Limits (WithLimits) are attribute value length {s.LimitAttributeValueLength}, attribute count {s.LimitAttributeCount}, log body length {s.LimitLogBodyLength}, metric cardinality {s.LimitMetricCardinality} ({Env.MetricCardinalityLimit}), max metric streams {s.LimitMaxMetricStreams} ({Env.MetricMaxStreams}), attribute key length {s.LimitAttributeKeyLength}; the minimums are 16, 1, 16, 2, 1 and 16."));

        RuleForEach(s => s.RedactionPatterns).Custom((pattern, context) =>
        {
            if (string.IsNullOrEmpty(pattern.Pattern) || !IsValidRegex(pattern.Pattern))
            {
                context.AddFailure("RedactionPatterns", $"Redaction pattern {Quote(pattern.Name ?? string.Empty)} (WithPiiRedaction) is not a valid regular expression.");
            }
        });
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

    private static bool BeAValidTimeout(TimeSpan value) => value > TimeSpan.Zero && value <= TelemetryConfig.MaxExportTimeout;

    private static string Show(TimeSpan value) => value.TotalSeconds >= 1 || value <= TimeSpan.Zero
        ? Invariant($"{value.TotalSeconds:0.###} s")
        : Invariant($"{value.TotalMilliseconds:0.###} ms");

    private string Quote(string value) => ShownValue.Quote(value, _knownSecrets);

    private void ValidateEndpoints(TelemetrySettings s, ValidationContext<TelemetrySettings> context)
    {
        var insecure = s.Insecure == true;
        if (!OtlpEndpoint.TryParse(s.Endpoint, insecure, out var endpoint, out var error, _knownSecrets))
        {
            context.AddFailure(nameof(TelemetrySettings.Endpoint), $"Endpoint ({Env.Endpoint}, WithEndpoint) {error}");
        }
        else
        {
            CheckPlaintext(context, "Endpoint", Env.Endpoint, endpoint, insecure);
        }

        CheckSignalEndpoint(context, s, "Traces endpoint", Env.TracesEndpoint, s.TracesEndpoint);
        CheckSignalEndpoint(context, s, "Metrics endpoint", Env.MetricsEndpoint, s.MetricsEndpoint);
        CheckSignalEndpoint(context, s, "Logs endpoint", Env.LogsEndpoint, s.LogsEndpoint);
    }

    private void CheckSignalEndpoint(ValidationContext<TelemetrySettings> context, TelemetrySettings s, string name, string variable, string? value)
    {
        if (value is null)
        {
            return;
        }

        var insecure = s.Insecure == true;
        if (!OtlpEndpoint.TryParse(value, insecure, out var uri, out var error, _knownSecrets))
        {
            context.AddFailure(name, $"{name} ({variable}) {error}");
            return;
        }

        CheckPlaintext(context, name, variable, uri, insecure);
        if (s.V2Only == true && uri.AbsolutePath.Contains("/v1/", StringComparison.Ordinal))
        {
            context.AddFailure(name, $"{name} ({variable}) {Quote(uri.ToString())} is a v1 path, but V2 only mode is on ({Env.V2Only}, WithV2Only); use a /v2/ path.");
        }
    }

    private void CheckPlaintext(ValidationContext<TelemetrySettings> context, string name, string variable, Uri uri, bool insecure)
    {
        if (uri.Scheme == Uri.UriSchemeHttp && !insecure && !OtlpEndpoint.IsLoopback(uri))
        {
            context.AddFailure(name, $"{name} ({variable}) {Quote(uri.GetLeftPart(UriPartial.Authority))} is plaintext http to a non-loopback host, which would send the API key unencrypted; use https, or allow it explicitly with WithInsecure(true) ({Env.Insecure}=true).");
        }
    }

    private static void ValidateHeaderValues(TelemetrySettings s, ValidationContext<TelemetrySettings> context)
    {
        Check("Collector id", Env.CollectorId, s.CollectorId);
        Check("Collector name", Env.CollectorName, s.CollectorName);
        Check("Collector hostname", Env.CollectorHostname, s.CollectorHostname);
        Check("Datacenter", Env.Datacenter, s.Datacenter);
        Check("Environment", Env.Environment, s.Environment);

        void Check(string name, string variable, string? value)
        {
            if (value is not null && value.Any(c => c < ' ' || c > '~' || c == ','))
            {
                context.AddFailure(name, $"{name} ({variable}) may contain only printable ASCII characters without commas, because it is sent as an HTTP header.");
            }
        }
    }
}
