using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Management;

internal static class ConnectionClients
{
    /// <summary>Enables <paramref name="clientId"/> on the tenant's main database connection.</summary>
    public static async Task<JsonNode> EnableAsync(Infrastructure.Management management, string clientId, string connection = TestTenant.Connection)
    {
        var id = (await management.GetAsync($"connections?name={connection}")).AsArray().Single()!["id"]!.GetValue<string>();
        return await management.OkAsync(HttpMethod.Patch, $"connections/{id}/clients", new[] { new { client_id = clientId, status = true } }, HttpStatusCode.NoContent);
    }
}
