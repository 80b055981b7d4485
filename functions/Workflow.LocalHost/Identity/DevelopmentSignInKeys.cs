using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Workflow.Functions.Configuration;
using Workflow.Functions.Identity;

namespace Workflow.LocalHost.Identity;

/// <summary>
/// The development provider's RS256 signing key and its https certificate (ADR 0023): made on first start, kept per
/// user outside the repository and the build output (like the 修了証 development key), so that a rebuilt or
/// restarted host — and a test process on the same machine — signs and trusts the same key. Rotated only
/// deliberately: delete the folder's files and start the host again.
/// </summary>
public sealed class DevelopmentSignInKeys
{
    public const string KeyFolderSetting = "Workflow:DevelopmentSignIn:KeyFolder";

    private const string SigningKeyFile = "signing-key.pem";
    private const string CertificateFile = "https.pfx";

    private DevelopmentSignInKeys(RSA signingKey, X509Certificate2 certificate)
    {
        SigningKey = new RsaSecurityKey(signingKey) { KeyId = "dev-" + Convert.ToHexStringLower(SHA256.HashData(signingKey.ExportSubjectPublicKeyInfo()))[..16] };
        Certificate = certificate;
    }

    /// <summary>The private signing key; its id (kid) names the public key, so a rotated key is told apart.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>The provider's self-signed https certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>What the app pins: the certificate's SHA-256 thumbprint.</summary>
    public string CertificateThumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public SigningCredentials Credentials => new(SigningKey, SecurityAlgorithms.RsaSha256);

    /// <summary>The provider's public keys as a JWKS: the signing key's modulus and exponent, never its private part.</summary>
    public object Jwks()
    {
        var parameters = SigningKey.Rsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = SigningKey.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        };
    }

    public StaffTokenIssuer Issuer(SignInSettings settings) => Issuer(settings.Issuer, settings.Audience);

    public StaffTokenIssuer Issuer(string issuer, string audience) => new(issuer, audience, Credentials);

    /// <summary>The issuer and audience the local host's settings name, signing with this key.</summary>
    public StaffTokenIssuer Issuer(IConfiguration configuration) =>
        Issuer(configuration[SettingNames.SignInIssuer] ?? throw new InvalidOperationException($"{SettingNames.SignInIssuer} is not set."),
            configuration[SettingNames.SignInAudience] ?? throw new InvalidOperationException($"{SettingNames.SignInAudience} is not set."));

    public static string DefaultFolder() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "workflow", "sign-in-dev");

    public static DevelopmentSignInKeys Load(IConfiguration configuration) =>
        Load(configuration[KeyFolderSetting] is { Length: > 0 } folder ? folder : DefaultFolder());

    public static DevelopmentSignInKeys Load(string folder)
    {
        Directory.CreateDirectory(folder);
        var rsa = RSA.Create();
        rsa.ImportFromPem(Encoding.ASCII.GetString(LoadOrCreate(Path.Combine(folder, SigningKeyFile), () =>
        {
            using var fresh = RSA.Create(2048);
            return Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem());
        })));
        var pfx = LoadOrCreate(Path.Combine(folder, CertificateFile), NewCertificate);
        return new DevelopmentSignInKeys(rsa, X509CertificateLoader.LoadPkcs12(pfx, password: null));
    }

    private static byte[] NewCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Workflow development sign-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>Reads the file, or writes it readable by its owner only; two hosts starting together share the first one in place.</summary>
    private static byte[] LoadOrCreate(string path, Func<byte[]> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, create());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllBytes(path);
    }
}
