namespace Workflow.Functions.Train;

/// <summary>A signature over a 修了証's fields and the key that made it (kept with the certificate, so keys can rotate).</summary>
/// <param name="Value">ES256: ECDSA P-256 over SHA-256, r‖s (64 bytes, IEEE P1363), as Key Vault returns it.</param>
public sealed record CertificateSignature(string KeyId, byte[] Value);

/// <summary>
/// Signs the fields of a 修了証 and checks a signature made earlier. In Azure the private key stays in Key Vault and
/// the app's identity asks the vault to sign; locally a development key in a file does the same (ADR 0015).
/// Verification needs only the public key, so checking a certificate never calls the vault once its key is known.
/// </summary>
public interface ICertificateKeys
{
    /// <summary>Signs <paramref name="data"/> (the certificate's canonical bytes) with the current key.</summary>
    Task<CertificateSignature> SignAsync(byte[] data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="signature"/> was made over <paramref name="data"/> by the key <paramref name="keyId"/>;
    /// false for a key this app does not know.
    /// </summary>
    Task<bool> VerifyAsync(string keyId, byte[] data, byte[] signature, CancellationToken cancellationToken = default);
}
