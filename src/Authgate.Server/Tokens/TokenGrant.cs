using System.Text;
using Authgate.Hosting;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage.Entities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>What a successful grant is allowed to receive. <see cref="GrantTypeClaim"/> is the <c>gty</c> value: a string or an array.</summary>
internal sealed record TokenGrant(
    Client Client,
    User? User,
    string Subject,
    ResourceServer? Api,
    IReadOnlyList<string> Scopes,
    object GrantTypeClaim);
