using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Management;

public sealed class BootstrapTests
{
    [Fact]
    public async Task Without_configuration_a_management_client_is_generated_once()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?>
        {
            ["Authgate:Bootstrap:ClientId"] = null,
            ["Authgate:Bootstrap:ClientSecret"] = null,
        });
        _ = factory.CreateClient();

        var grants = await factory.WithDbAsync(db => db.ClientGrants.Where(g => g.Audience == "urn:authgate:management-api").ToListAsync());

        grants.Should().ContainSingle();
        grants[0].Scope.Should().Contain(["read:users", "create:clients", "update:tenant_settings"]);
        var client = await factory.WithDbAsync(db => db.Clients.SingleAsync(c => c.ClientId == grants[0].ClientId));
        client.GrantTypes.Should().Equal("client_credentials");
        client.AppType.Should().Be("non_interactive");
    }
}
