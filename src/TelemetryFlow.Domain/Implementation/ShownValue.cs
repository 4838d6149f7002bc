namespace TelemetryFlow.Implementation;

/// <summary>
/// The one rule for quoting a configuration value in an error message. A value that looks like an API key secret is
/// replaced by <see cref="Hidden"/>; the rest of the message (which setting, what it accepts) stays.
/// </summary>
/// <remarks>
/// A value looks like a secret when it contains <c>tfs_</c> in any case (every key secret starts with it, and a secret
/// pasted into the wrong setting keeps it), or when it contains a key secret configured anywhere (a secret without the
/// prefix is invalid, but it is still the user's secret). There is deliberately no entropy guess: it would hide
/// ordinary host names and paths, and still miss short secrets.
/// </remarks>
internal static class ShownValue
{
    /// <summary>What an error shows instead of a value that looks like a secret.</summary>
    public const string Hidden = "(value hidden: it looks like an API key secret)";

    // Shorter "secrets" would hide ordinary values such as "true" or "30s" that happen to contain them.
    private const int MinimumKnownSecretLength = 4;

    /// <summary>Whether <paramref name="value"/> looks like an API key secret.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="knownSecrets">The key secrets configured anywhere; blank entries are ignored.</param>
    public static bool LooksLikeSecret(string value, IEnumerable<string?>? knownSecrets = null) =>
        value.Contains(Credentials.KeySecretPrefix, StringComparison.OrdinalIgnoreCase)
        || (knownSecrets ?? []).Any(secret => secret is not null
            && secret.Trim() is { Length: >= MinimumKnownSecretLength } trimmed
            && value.Contains(trimmed, StringComparison.Ordinal));

    /// <summary>The value in single quotes, or <see cref="Hidden"/> when it looks like a secret.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="knownSecrets">The key secrets configured anywhere; blank entries are ignored.</param>
    public static string Quote(string value, IEnumerable<string?>? knownSecrets = null) =>
        LooksLikeSecret(value, knownSecrets) ? Hidden : $"'{value}'";
}
