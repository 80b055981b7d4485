using System.Security.Cryptography;

namespace Workflow.Functions.Train;

/// <summary>
/// Local only: a P-256 key in a PEM file (created on first use, readable by its owner only) signs 修了証 the way the
/// Key Vault key does in Azure. Its id names the public key, so a certificate signed by another development key (a
/// colleague's, a deleted file's) is told apart instead of failing as tampered.
/// </summary>
public sealed class DevelopmentCertificateKeys : ICertificateKeys, IDisposable
{
    private readonly ECDsa _key;

    public DevelopmentCertificateKeys(string pemPath)
    {
        _key = ECDsa.Create();
        if (File.Exists(pemPath))
        {
            _key.ImportFromPem(File.ReadAllText(pemPath));
        }
        else
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pemPath))!);
            var temporary = pemPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, _key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                // Two hosts starting together: the first file in place wins and both use it.
                File.Move(temporary, pemPath, overwrite: false);
            }
            catch (IOException) when (File.Exists(pemPath))
            {
                File.Delete(temporary);
                _key.ImportFromPem(File.ReadAllText(pemPath));
            }
        }

        KeyId = "dev-" + Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public string KeyId { get; }

    public Task<CertificateSignature> SignAsync(byte[] data, CancellationToken cancellationToken = default) =>
        Task.FromResult(new CertificateSignature(KeyId, _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));

    public Task<bool> VerifyAsync(string keyId, byte[] data, byte[] signature, CancellationToken cancellationToken = default) =>
        Task.FromResult(keyId == KeyId && _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose() => _key.Dispose();
}
