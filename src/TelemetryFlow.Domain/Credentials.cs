using TelemetryFlow.Implementation;

namespace TelemetryFlow;

/// <summary>
/// A TelemetryFlow API key: a key id (<c>tfk_…</c>) and its secret (<c>tfs_…</c>). Immutable and
/// compared by value. The secret leaves this type only through the authentication header values;
/// <see cref="ToString"/> and every error message mask it.
/// </summary>
public sealed class Credentials : IEquatable<Credentials>
{
    /// <summary>The prefix every key id starts with.</summary>
    public const string KeyIdPrefix = "tfk_";

    /// <summary>The prefix every key secret starts with.</summary>
    public const string KeySecretPrefix = "tfs_";

    /// <summary>The header carrying <c>Bearer {keyId}:{keySecret}</c>.</summary>
    public const string AuthorizationHeaderName = "Authorization";

    /// <summary>The header carrying the key id.</summary>
    public const string KeyIdHeaderName = "X-TelemetryFlow-Key-ID";

    /// <summary>The header carrying the key secret.</summary>
    public const string KeySecretHeaderName = "X-TelemetryFlow-Key-Secret";

    private readonly string _keySecret;

    /// <summary>Creates validated credentials.</summary>
    /// <param name="keyId">The key id, <c>tfk_</c> followed by at least one character.</param>
    /// <param name="keySecret">The secret, <c>tfs_</c> followed by at least one character.</param>
    /// <exception cref="CredentialsException">A value is missing or malformed. The message names the field, never the secret.</exception>
    public Credentials(string keyId, string keySecret)
    {
        var errors = Validate(keyId, keySecret);
        if (errors.Count > 0)
        {
            throw new CredentialsException(string.Join(" ", errors));
        }

        KeyId = keyId;
        _keySecret = keySecret;
    }

    /// <summary>The key id, safe to display.</summary>
    public string KeyId { get; }

    /// <summary>The value of the <c>Authorization</c> header: <c>Bearer {keyId}:{keySecret}</c>.</summary>
    public string AuthorizationHeader => $"Bearer {KeyId}:{_keySecret}";

    /// <summary>
    /// The authentication headers sent with every export request: <c>Authorization</c>,
    /// <c>X-TelemetryFlow-Key-ID</c> and <c>X-TelemetryFlow-Key-Secret</c>.
    /// </summary>
    /// <returns>A new dictionary; two of its values carry the secret, so never log it.</returns>
    public IReadOnlyDictionary<string, string> GetAuthenticationHeaders() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [AuthorizationHeaderName] = AuthorizationHeader,
        [KeyIdHeaderName] = KeyId,
        [KeySecretHeaderName] = _keySecret,
    };

    /// <summary>
    /// Checks a key id and secret without throwing.
    /// </summary>
    /// <param name="keyId">The key id to check.</param>
    /// <param name="keySecret">The secret to check.</param>
    /// <returns>One message per problem; empty when both are valid. No message contains the secret.</returns>
    public static IReadOnlyList<string> Validate(string? keyId, string? keySecret)
    {
        var errors = new List<string>(2);
        CheckPart(errors, "API key id (ApiKeyId, TELEMETRYFLOW_API_KEY_ID)", keyId, KeyIdPrefix, echoValue: true, keySecret);
        CheckPart(errors, "API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET)", keySecret, KeySecretPrefix, echoValue: false, keySecret);
        return errors;
    }

    /// <summary>Shows the key id and masks the whole secret, e.g. <c>tfk_abc:tfs_****</c>.</summary>
    /// <returns>A display form that is safe to log.</returns>
    public override string ToString() => $"{KeyId}:{KeySecretPrefix}****";

    /// <inheritdoc />
    public bool Equals(Credentials? other) =>
        other is not null
        && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal)
        && string.Equals(_keySecret, other._keySecret, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Credentials);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(KeyId),
        StringComparer.Ordinal.GetHashCode(_keySecret));

    /// <summary>Compares two credentials by value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both hold the same key id and secret.</returns>
    public static bool operator ==(Credentials? left, Credentials? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two credentials by value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Credentials? left, Credentials? right) => !(left == right);

    private static void CheckPart(List<string> errors, string field, string? value, string prefix, bool echoValue, string? keySecret)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"The {field} is required; it starts with '{prefix}'.");
            return;
        }

        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            // Swapped arguments are a common mistake: say so, without echoing the secret.
            if (prefix == KeyIdPrefix && value.StartsWith(KeySecretPrefix, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"The {field} must start with '{prefix}', but it looks like a key secret ('{KeySecretPrefix}…'); are the key id and secret swapped?");
                return;
            }

            // Checked on the raw value: the printable form may cut or replace the characters a match needs.
            var shown = !echoValue ? string.Empty
                : ShownValue.LooksLikeSecret(value, [keySecret]) ? " " + ShownValue.Hidden
                : $" '{Printable(value)}'";
            errors.Add($"The {field}{shown} must start with '{prefix}'.");
            return;
        }

        if (value.Length == prefix.Length)
        {
            errors.Add($"The {field} must have at least one character after '{prefix}'.");
            return;
        }

        foreach (var c in value)
        {
            // Both values travel in HTTP headers and in the comma-separated OTLP header list.
            if (c <= ' ' || c > '~' || c == ',')
            {
                errors.Add($"The {field} may contain only printable ASCII characters without whitespace or commas, because it is sent in HTTP headers.");
                return;
            }
        }

        // 'Bearer {keyId}:{keySecret}' is split at the first colon, so only the secret may contain one.
        if (prefix == KeyIdPrefix && value.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"The {field} must not contain ':', which separates the key id from the secret in the Authorization header.");
        }
    }

    private static string Printable(string value)
    {
        var chars = value.Select(c => c < ' ' || c > '~' ? '?' : c).ToArray();
        var text = new string(chars);
        return text.Length > 64 ? text[..64] + "…" : text;
    }
}
