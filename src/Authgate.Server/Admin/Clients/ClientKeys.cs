using System.Globalization;
using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;
using Authgate.Security;
using Authgate.Storage.Entities;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Admin.Clients;

/// <summary>
/// The public keys a client signs its <c>private_key_jwt</c> assertions with: PEM keys or certificates, RSA of at
/// least 2048 bits, for RS256, RS384 or PS256 (Auth0's limits), and their read model.
/// </summary>
internal static class ClientKeys
{
    public static AdminError NotFound() => AdminError.NotFound("The credential does not exist", "inexistent_client_credential");

    /// <summary>A credential from a validated <c>PublicKeyCredential</c> object.</summary>
    /// <param name="path">Where the object is in the body, for error messages.</param>
    public static AdminResult<ClientCredential> Create(JsonObject section, string clientId, string path, DateTime now)
    {
        var pem = section.String("pem") ?? "";
        using var key = PublicKeys.FromPem(pem);
        if (key is null)
        {
            return AdminError.Invalid(FieldError.At(JsonPath.Property(path, "pem"), "The PEM is not a public key or an X.509 certificate"));
        }

        if (key.KeySize < 2048)
        {
            return AdminError.Invalid(FieldError.At(JsonPath.Property(path, "pem"), "RSA keys must be at least 2048 bits"));
        }

        var thumbprint = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.ExportParameters(false))).ComputeJwkThumbprint());
        return new ClientCredential
        {
            Id = "cred_" + RandomValues.Hex(10),
            ClientId = clientId,
            Name = section.String("name"),
            Kid = section.String("kid") ?? thumbprint,
            Alg = section.String("alg") ?? "RS256",
            Pem = pem.Trim(),
            Thumbprint = thumbprint,
            ExpiresAt = section.String("expires_at") is { } expires
                ? DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcDateTime
                : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public static JsonObject View(ClientCredential credential) => new()
    {
        ["id"] = credential.Id,
        ["credential_type"] = credential.CredentialType,
        ["name"] = credential.Name,
        ["kid"] = credential.Kid,
        ["alg"] = credential.Alg,
        ["thumbprint_sha256"] = credential.Thumbprint,
        ["created_at"] = AdminTime.Iso(credential.CreatedAt),
        ["updated_at"] = AdminTime.Iso(credential.UpdatedAt),
        ["expires_at"] = credential.ExpiresAt is { } expires ? AdminTime.Iso(expires) : null,
    };

    /// <summary>A credential as a tenant file carries it (with its PEM), to be created again on import.</summary>
    public static JsonObject Export(ClientCredential credential)
    {
        var section = new JsonObject { ["credential_type"] = credential.CredentialType, ["pem"] = credential.Pem, ["alg"] = credential.Alg, ["kid"] = credential.Kid };
        if (credential.Name is not null)
        {
            section["name"] = credential.Name;
        }

        if (credential.ExpiresAt is { } expires)
        {
            section["expires_at"] = AdminTime.Iso(expires);
        }

        return section;
    }
}
