using Authgate.Storage.Entities;

namespace Authgate.Admin.Clients;

/// <summary>A validated new client, not yet saved: the row, its <c>private_key_jwt</c> keys and its plain secret.</summary>
internal sealed record PreparedClient(Client Client, List<ClientCredential> Credentials, string Secret);
