using System.Text.RegularExpressions;

namespace TelemetryFlow.Cli.Output;

/// <summary>
/// Masks API key secrets in everything the CLI prints. Secrets start with <c>tfs_</c>, so any such token (in any case) is masked;
/// secret values that do not follow the format (a typo, swapped arguments) are masked by value once known.
/// </summary>
/// <remarks>
/// This is a safety net under the rule that no command prints a secret on purpose: the parser echoes unrecognized
/// tokens (<c>--key-secrt tfs_abc</c>), and exception messages are not ours to control.
/// </remarks>
internal sealed partial class SecretRedactor
{
    public const string Mask = Credentials.KeySecretPrefix + "****";

    private const int MinimumSecretLength = 4;
    private readonly Lock _gate = new();
    private readonly List<string> _secrets = [];

    /// <summary>Masks <paramref name="secret"/> wherever it appears from now on.</summary>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Trim().Length < MinimumSecretLength)
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret.Trim()))
            {
                _secrets.Add(secret.Trim());
                _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return SecretToken().Replace(text, Mask);
    }

    /// <summary>Finds the secrets passed on the command line, so even a misspelled option does not echo them.</summary>
    public void AddSecretsFromArguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--key-secret=", StringComparison.Ordinal) || arg.StartsWith("--key-secret:", StringComparison.Ordinal))
            {
                AddSecret(arg["--key-secret=".Length..]);
            }
            else if (arg.StartsWith('-') && arg.Contains("secret", StringComparison.OrdinalIgnoreCase) && arg != "--key-secret-stdin" && i + 1 < args.Count)
            {
                AddSecret(args[i + 1]);
            }
        }
    }

    // Anything after the prefix up to a separator, except the mask itself (so masking twice is harmless and keeps the
    // punctuation after it). A secret containing a separator is still masked by value once known.
    // Any case: a secret typed as TFS_… is still a secret.
    [GeneratedRegex(@"tfs_(?!\*\*\*\*)[^\s'""`,;:&]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretToken();
}
