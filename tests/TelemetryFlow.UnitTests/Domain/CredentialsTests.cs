namespace TelemetryFlow.UnitTests.Domain;

public sealed class CredentialsTests
{
    private const string KeyIdField = "API key id (ApiKeyId, TELEMETRYFLOW_API_KEY_ID)";
    private const string KeySecretField = "API key secret (ApiKeySecret, TELEMETRYFLOW_API_KEY_SECRET)";
    private const string ValidId = "tfk_abc123";
    private const string ValidSecret = "tfs_Zx9_distinct_secret";

    private const string Required = "is required; it starts with";
    private const string WrongPrefix = "must start with";
    private const string NothingAfterPrefix = "must have at least one character after";
    private const string BadCharacters = "may contain only printable ASCII characters without whitespace or commas";

    [Fact]
    public void Constructor_ValidValues_ExposesKeyIdAndBearerHeader()
    {
        var credentials = new Credentials(ValidId, ValidSecret);

        Assert.Equal(ValidId, credentials.KeyId);
        Assert.Equal($"Bearer {ValidId}:{ValidSecret}", credentials.AuthorizationHeader);
    }

    [Theory]
    [InlineData("tfk_a")]
    [InlineData("tfk_ABC-def_123.xyz")]
    [InlineData("tfk_!#$%&'*+/=?^`{|}~")]
    public void Constructor_KeyIdWithPrefixAndPrintableRemainder_IsAccepted(string keyId)
    {
        var credentials = new Credentials(keyId, ValidSecret);

        Assert.Equal(keyId, credentials.KeyId);
    }

    [Theory]
    [InlineData(null, Required)]
    [InlineData("", Required)]
    [InlineData("abc123", WrongPrefix)]
    [InlineData("TFK_abc123", WrongPrefix)]
    [InlineData("tfs_abc123", WrongPrefix)]
    [InlineData(" tfk_abc123", WrongPrefix)]
    [InlineData("tfk_", NothingAfterPrefix)]
    [InlineData("tfk_a b", BadCharacters)]
    [InlineData("tfk_ab ", BadCharacters)]
    [InlineData("tfk_a\tb", BadCharacters)]
    [InlineData("tfk_a\rb", BadCharacters)]
    [InlineData("tfk_a\nb", BadCharacters)]
    [InlineData("tfk_ab\r\n", BadCharacters)]
    [InlineData("tfk_a,b", BadCharacters)]
    [InlineData("tfk_a\u007Fb", BadCharacters)]
    [InlineData("tfk_caf\u00E9", BadCharacters)]
    [InlineData("tfk_a\u0000b", BadCharacters)]
    public void Constructor_InvalidKeyId_ThrowsNamingTheKeyIdField(string? keyId, string expected)
    {
        var error = Assert.Throws<CredentialsException>(() => new Credentials(keyId!, ValidSecret));

        Assert.Contains(KeyIdField, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeySecretField, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Required)]
    [InlineData("", Required)]
    [InlineData("Zx9_distinct_secret", WrongPrefix)]
    [InlineData("TFS_Zx9_distinct_secret", WrongPrefix)]
    [InlineData("tfk_Zx9_distinct_secret", WrongPrefix)]
    [InlineData(" tfs_Zx9_distinct_secret", WrongPrefix)]
    [InlineData("tfs_", NothingAfterPrefix)]
    [InlineData("tfs_Zx9_distinct secret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct_secret ", BadCharacters)]
    [InlineData("tfs_Zx9_distinct\tsecret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct\rsecret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct\nsecret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct_secret\r\n", BadCharacters)]
    [InlineData("tfs_Zx9_distinct,secret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct\u007Fsecret", BadCharacters)]
    [InlineData("tfs_Zx9_distinct_s\u00E9cret", BadCharacters)]
    public void Constructor_InvalidKeySecret_ThrowsNamingTheFieldWithoutTheSecret(string? keySecret, string expected)
    {
        var error = Assert.Throws<CredentialsException>(() => new Credentials(ValidId, keySecret!));

        Assert.Contains(KeySecretField, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyIdField, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zx9_distinct", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zx9_distinct", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BothInvalid_ReportsBothFieldsInOneException()
    {
        var error = Assert.Throws<CredentialsException>(() => new Credentials("bad", "tfs_"));

        Assert.Contains(KeyIdField, error.Message, StringComparison.Ordinal);
        Assert.Contains(KeySecretField, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidKeyIdWithWrongPrefix_EchoesThePrintableKeyId()
    {
        var errors = Credentials.Validate("key\u0001id", ValidSecret);

        var error = Assert.Single(errors);
        Assert.Contains("'key?id'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidValues_ReturnsNoErrors()
    {
        Assert.Empty(Credentials.Validate(ValidId, ValidSecret));
    }

    [Fact]
    public void Validate_BothMissing_ReturnsOneErrorPerField()
    {
        var errors = Credentials.Validate(null, null);

        Assert.Collection(
            errors,
            e => Assert.Contains(KeyIdField, e, StringComparison.Ordinal),
            e => Assert.Contains(KeySecretField, e, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidValue_ThrowsATelemetryFlowException()
    {
        var error = Assert.ThrowsAny<TelemetryFlowException>(() => new Credentials("bad", ValidSecret));

        Assert.IsType<CredentialsException>(error);
    }

    [Fact]
    public void GetAuthenticationHeaders_Always_HasExactlyTheThreeAuthenticationHeaders()
    {
        var headers = new Credentials(ValidId, ValidSecret).GetAuthenticationHeaders();

        Assert.Equal(
            new[] { "Authorization", "X-TelemetryFlow-Key-ID", "X-TelemetryFlow-Key-Secret" },
            headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"Bearer {ValidId}:{ValidSecret}", headers["Authorization"]);
        Assert.Equal(ValidId, headers["X-TelemetryFlow-Key-ID"]);
        Assert.Equal(ValidSecret, headers["X-TelemetryFlow-Key-Secret"]);
    }

    [Fact]
    public void HeaderNameConstants_Always_MatchTheWireNames()
    {
        Assert.Equal("Authorization", Credentials.AuthorizationHeaderName);
        Assert.Equal("X-TelemetryFlow-Key-ID", Credentials.KeyIdHeaderName);
        Assert.Equal("X-TelemetryFlow-Key-Secret", Credentials.KeySecretHeaderName);
        Assert.Equal("tfk_", Credentials.KeyIdPrefix);
        Assert.Equal("tfs_", Credentials.KeySecretPrefix);
    }

    [Fact]
    public void ToString_Always_ShowsKeyIdAndMasksTheWholeSecret()
    {
        var text = new Credentials(ValidId, ValidSecret).ToString();

        Assert.Equal("tfk_abc123:tfs_****", text);
    }

    [Theory]
    [InlineData("tfs_a")]
    [InlineData("tfs_Zx9_distinct_secret")]
    [InlineData("tfs_****")]
    public void ToString_AnySecret_IsTheSameMask(string secret)
    {
        Assert.Equal($"{ValidId}:tfs_****", new Credentials(ValidId, secret).ToString());
    }

    [Fact]
    public void Equality_SameValues_AreEqual()
    {
        var first = new Credentials(ValidId, ValidSecret);
        var second = new Credentials(ValidId, ValidSecret);

        Assert.True(first == second);
        Assert.False(first != second);
        Assert.True(first.Equals(second));
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("tfk_other", ValidSecret)]
    [InlineData(ValidId, "tfs_other")]
    [InlineData(ValidId, "tfs_zx9_distinct_secret")]
    public void Equality_DifferentKeyIdOrSecret_AreNotEqual(string keyId, string keySecret)
    {
        var first = new Credentials(ValidId, ValidSecret);
        var second = new Credentials(keyId, keySecret);

        Assert.False(first == second);
        Assert.True(first != second);
        Assert.False(first.Equals(second));
        Assert.False(first.Equals((object)second));
    }

    [Fact]
    public void Equality_WithNull_IsOnlyEqualToNull()
    {
        var credentials = new Credentials(ValidId, ValidSecret);
        Credentials? none = null;

        Assert.False(credentials == none);
        Assert.False(none == credentials);
        Assert.True(credentials != none);
        Assert.False(credentials.Equals(none));
        Assert.False(credentials.Equals((object?)null));
        Assert.False(credentials.Equals("tfk_abc123:tfs_****"));
        Assert.True(none == null);
    }
}
