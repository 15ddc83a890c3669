using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Connections;

/// <summary>Users brought with another system's hash sign in with their old password and leave with an Argon2id hash.</summary>
public sealed class ImportedHashLoginTests : IDisposable
{
    private const string BcryptUser = "bcrypt@example.test";
    private const string Pbkdf2User = "pbkdf2@example.test";
    private const string SshaUser = "ssha@example.test";
    private readonly AuthgateFactory factory;
    private readonly HttpClient http;

    public ImportedHashLoginTests()
    {
        var tenant = TestTenant.Create();
        tenant.Users.Add(new() { Connection = TestTenant.Connection, Email = BcryptUser, PasswordHash = "$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2" });
        tenant.Users.Add(new() { Connection = TestTenant.Connection, Email = Pbkdf2User, PasswordHash = "$pbkdf2-sha256$i=1000,l=32$TmFDbE5hQ2w$H6YXMPtJB3L3jvdiXqeqeN1bqKfyaj4r2pHbWVl1K8s" });
        tenant.Users.Add(new() { Connection = TestTenant.Connection, Email = SshaUser, PasswordHash = "{SSHA}wiHXP78A5ORxczJls/osIbKSocJhYmNk" });
        factory = new AuthgateFactory(tenant);
        http = factory.CreateClient();
    }

    [Theory]
    [InlineData(BcryptUser)]
    [InlineData(Pbkdf2User)]
    [InlineData(SshaUser)]
    public async Task Imported_hash_verifies_then_is_replaced_by_argon2id(string email)
    {
        (await http.PostFormAsync(Protocol.PasswordGrant(username: email, password: "hunter3"))).StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        (await HashOfAsync(email)).Should().NotStartWith("$argon2id$", "a failed login changes nothing");

        await (await http.PostFormAsync(Protocol.PasswordGrant(username: email, password: "hunter2"))).ShouldSucceedAsync();
        (await HashOfAsync(email)).Should().StartWith("$argon2id$");

        // The new hash is the same password.
        await (await http.PostFormAsync(Protocol.PasswordGrant(username: email, password: "hunter2"))).ShouldSucceedAsync();
    }

    private Task<string?> HashOfAsync(string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).FirstAsync());

    public void Dispose()
    {
        http.Dispose();
        factory.Dispose();
    }
}
