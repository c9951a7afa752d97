using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR.Access;

/// <summary>Checks a remote publisher's key against <see cref="ProgressHubOptions.PublisherKey"/> in constant time.</summary>
internal sealed class PublisherKeyVerifier(IOptions<SignalRTransportOptions> options)
{
    // Both sides are hashed first so that the comparison always runs over 32 bytes: FixedTimeEquals is constant time
    // only for inputs of equal length, and comparing raw keys would leak the configured key's length.
    private readonly byte[]? _expectedHash = options.Value.Hub.PublisherKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    /// <summary>Gets a value indicating whether remote publishing is configured at all.</summary>
    public bool IsEnabled => _expectedHash is not null;

    public bool Verify(string? presentedKey)
    {
        if (_expectedHash is null || string.IsNullOrEmpty(presentedKey))
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), presentedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash);
    }
}
