using System.Text;
using Authgate.Hosting;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage.Entities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

internal sealed record IssuedTokens(string AccessToken, int ExpiresIn, string? IdToken);
