using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Moq;
using Workflow.Functions.Train;

namespace Workflow.Functions.Tests.Train;

/// <summary>
/// The Key Vault adapter is thin: what it asks the vault, with whose token, and what it makes of the answers. The
/// vault is played by a handler holding real P-256 keys, so signatures are checked by real cryptography.
/// </summary>
public sealed class KeyVaultCertificateKeysTests : IDisposable
{
    private const string Token = "token-of-the-identity";
    private static readonly Uri KeyUri = new("https://kv-test.vault.azure.net/keys/certificates");

    private readonly FakeKeyVault _vault = new("kv-test.vault.azure.net", "certificates");
    private readonly Mock<TokenCredential> _credential = new();
    private readonly KeyVaultCertificateKeys _keys;

    public KeyVaultCertificateKeysTests()
    {
        _credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1)));
        _keys = new KeyVaultCertificateKeys(new HttpClient(_vault), _credential.Object, KeyUri);
    }

    private static byte[] Data => Encoding.UTF8.GetBytes("""{"certificateId":"c-1","name":"山田 太郎","course":"自治体DX研修"}""");

    [Fact]
    public async Task Sign_posts_the_sha256_digest_as_base64url_for_es256_with_the_identitys_vault_token()
    {
        await _keys.SignAsync(Data);

        var request = Assert.Single(_vault.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://kv-test.vault.azure.net/keys/certificates/sign?api-version=7.4", request.Uri.AbsoluteUri);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal("ES256", body.GetProperty("alg").GetString());
        // Base64url without padding, computed independently of the code under test.
        var expected = Convert.ToBase64String(SHA256.HashData(Data)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, body.GetProperty("value").GetString());
        _credential.Verify(c => c.GetTokenAsync(
            It.Is<TokenRequestContext>(t => t.Scopes.Single() == "https://vault.azure.net/.default"), It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData("https://kv-gov.vault.usgovcloudapi.net/keys/certificates", "https://vault.usgovcloudapi.net/.default")]
    [InlineData("https://kv-cn.vault.azure.cn/keys/certificates", "https://vault.azure.cn/.default")]
    public async Task The_token_is_asked_for_the_vaults_own_cloud(string keyUri, string scope)
    {
        var vault = new FakeKeyVault(new Uri(keyUri).Host, "certificates");
        using var http = new HttpClient(vault);

        await new KeyVaultCertificateKeys(http, _credential.Object, new Uri(keyUri)).SignAsync(Data);

        _credential.Verify(c => c.GetTokenAsync(It.Is<TokenRequestContext>(t => t.Scopes.Single() == scope), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_signature_names_the_key_version_that_made_it_and_verifies()
    {
        var signature = await _keys.SignAsync(Data);

        Assert.Equal(_vault.CurrentKid, signature.KeyId);
        Assert.Equal(64, signature.Value.Length);
        Assert.True(await _keys.VerifyAsync(signature.KeyId, Data, signature.Value));
    }

    [Fact]
    public async Task A_changed_byte_of_the_data_or_of_the_signature_does_not_verify()
    {
        var signature = await _keys.SignAsync(Data);

        var data = Data;
        data[5] ^= 0x01;
        var value = signature.Value.ToArray();
        value[40] ^= 0x01;

        Assert.False(await _keys.VerifyAsync(signature.KeyId, data, signature.Value));
        Assert.False(await _keys.VerifyAsync(signature.KeyId, Data, value));
        Assert.False(await _keys.VerifyAsync(signature.KeyId, Data, signature.Value[..63]));
    }

    [Theory]
    [InlineData("https://kv-other.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("https://kv-test.vault.azure.net.example.org/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("https://kv-test.vault.azure.net/keys/other-key/0123456789abcdef0123456789abcdef")]
    [InlineData("https://kv-test.vault.azure.net/secrets/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("http://kv-test.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("https://kv-test.vault.azure.net:8443/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("https://user@kv-test.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef?x=1")]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef/extra")]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates/%2e%2e%2fother")]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates")]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates/")]
    [InlineData("/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public async Task A_key_id_outside_the_configured_key_is_refused_without_asking_anyone(string keyId)
    {
        var signature = await _keys.SignAsync(Data);
        _vault.Requests.Clear();

        Assert.False(await _keys.VerifyAsync(keyId, Data, signature.Value));

        Assert.Empty(_vault.Requests);
    }

    [Fact]
    public async Task The_public_key_of_a_version_is_fetched_once_with_the_identitys_token()
    {
        var signature = await _keys.SignAsync(Data);
        _vault.Requests.Clear();

        Assert.True(await _keys.VerifyAsync(signature.KeyId, Data, signature.Value));
        Assert.True(await _keys.VerifyAsync(signature.KeyId, Data, signature.Value));

        var request = Assert.Single(_vault.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"{signature.KeyId}?api-version=7.4", request.Uri.AbsoluteUri);
        Assert.Equal($"Bearer {Token}", request.Authorization);
    }

    [Fact]
    public async Task After_a_rotation_new_certificates_name_the_new_version_and_old_ones_still_verify()
    {
        var before = await _keys.SignAsync(Data);
        _vault.Rotate();
        var after = await _keys.SignAsync(Data);

        Assert.NotEqual(before.KeyId, after.KeyId);
        Assert.Equal(_vault.CurrentKid, after.KeyId);
        Assert.True(await _keys.VerifyAsync(before.KeyId, Data, before.Value));
        Assert.True(await _keys.VerifyAsync(after.KeyId, Data, after.Value));
        Assert.False(await _keys.VerifyAsync(after.KeyId, Data, before.Value));
    }

    [Fact]
    public async Task A_key_version_the_vault_does_not_have_does_not_verify()
    {
        var signature = await _keys.SignAsync(Data);

        Assert.False(await _keys.VerifyAsync(
            "https://kv-test.vault.azure.net/keys/certificates/ffffffffffffffffffffffffffffffff", Data, signature.Value));
        Assert.Contains(_vault.Requests, r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task A_vault_error_on_sign_throws_with_its_status_and_the_vaults_code_and_message_but_not_the_token()
    {
        _vault.FailSignWith = (HttpStatusCode.Forbidden, """
            {"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.","innererror":{"code":"ForbiddenByRbac"}}}
            """);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _keys.SignAsync(Data));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("403", error.Message);
        Assert.Contains("Forbidden: Caller is not authorized to perform action on resource.", error.Message);
        Assert.DoesNotContain(Token, error.Message);
    }

    [Fact]
    public async Task A_vault_that_cannot_answer_fails_the_check_instead_of_calling_the_certificate_forged()
    {
        var signature = await _keys.SignAsync(Data);
        _vault.FailGetWith = (HttpStatusCode.TooManyRequests, """{"error":{"code":"Throttled","message":"Request was not processed because too many requests were received."}}""");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _keys.VerifyAsync(signature.KeyId, Data, signature.Value));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("Throttled", error.Message);
    }

    [Fact]
    public async Task A_signing_answer_naming_another_key_is_not_put_in_a_certificate()
    {
        _vault.AnswerKid = "https://kv-test.vault.azure.net/keys/another/0123456789abcdef0123456789abcdef";

        await Assert.ThrowsAsync<InvalidOperationException>(() => _keys.SignAsync(Data));
    }

    [Theory]
    [InlineData("https://kv-test.vault.azure.net/keys/certificates/0123456789abcdef0123456789abcdef")]
    [InlineData("http://kv-test.vault.azure.net/keys/certificates")]
    [InlineData("https://kv-test.vault.azure.net/secrets/certificates")]
    [InlineData("https://kv-test.vault.azure.net/")]
    public void The_configured_key_must_be_a_key_without_a_version(string keyUri)
    {
        Assert.Throws<ArgumentException>(() => new KeyVaultCertificateKeys(new HttpClient(_vault), _credential.Object, new Uri(keyUri)));
    }

    public void Dispose() => _vault.Dispose();

    /// <summary>Key Vault's sign and get-key operations over one key whose versions are real in-memory P-256 keys.</summary>
    private sealed class FakeKeyVault(string host, string keyName) : HttpMessageHandler
    {
        private readonly Dictionary<string, ECDsa> _versions = new(StringComparer.Ordinal);
        private string _current = "";

        public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

        public (HttpStatusCode Status, string Body)? FailSignWith { get; set; }

        public (HttpStatusCode Status, string Body)? FailGetWith { get; set; }

        public string? AnswerKid { get; set; }

        public string CurrentKid
        {
            get
            {
                if (_current.Length == 0)
                {
                    Rotate();
                }

                return Kid(_current);
            }
        }

        public void Rotate()
        {
            _current = Guid.NewGuid().ToString("N");
            _versions[_current] = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            var uri = request.RequestUri!;
            if (uri.Host != host || uri.Query != "?api-version=7.4")
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest);
            }

            return (request.Method.Method, uri.AbsolutePath.Split('/')) switch
            {
                ("POST", ["", "keys", var name, "sign"]) when name == keyName => Sign(body!),
                ("GET", ["", "keys", var name, var version]) when name == keyName => GetKey(version),
                _ => Error(HttpStatusCode.NotFound, "NotFound", "No such operation."),
            };
        }

        private HttpResponseMessage Sign(string body)
        {
            if (FailSignWith is var (status, error))
            {
                return new HttpResponseMessage(status) { Content = new StringContent(error, Encoding.UTF8, "application/json") };
            }

            var json = JsonDocument.Parse(body).RootElement;
            if (json.GetProperty("alg").GetString() != "ES256")
            {
                return Error(HttpStatusCode.BadRequest, "BadParameter", "Unsupported algorithm.");
            }

            var kid = CurrentKid;
            var digest = Base64Url.DecodeFromChars(json.GetProperty("value").GetString()!);
            var signature = _versions[_current].SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new { kid = AnswerKid ?? kid, value = Base64Url.EncodeToString(signature) }),
            };
        }

        private HttpResponseMessage GetKey(string version)
        {
            if (FailGetWith is var (status, error))
            {
                return new HttpResponseMessage(status) { Content = new StringContent(error, Encoding.UTF8, "application/json") };
            }

            if (!_versions.TryGetValue(version, out var key))
            {
                return Error(HttpStatusCode.NotFound, "KeyNotFound", $"A key with (name/id) {keyName}/{version} was not found in this key vault.");
            }

            var parameters = key.ExportParameters(includePrivateParameters: false);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new
                {
                    key = new
                    {
                        kid = Kid(version),
                        kty = "EC",
                        key_ops = new[] { "sign", "verify" },
                        crv = "P-256",
                        x = Base64Url.EncodeToString(parameters.Q.X),
                        y = Base64Url.EncodeToString(parameters.Q.Y),
                    },
                    attributes = new { enabled = true, exportable = false },
                }),
            };
        }

        private string Kid(string version) => $"https://{host}/keys/{keyName}/{version}";

        private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
            new(status) { Content = JsonContent.Create(new { error = new { code, message } }) };

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var key in _versions.Values)
                {
                    key.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}
