using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Token;

/// <summary>
/// Many users' <c>/userinfo</c> at once (on PostgreSQL concurrent requests share their user reads): each answer is
/// its own user's, and a change committed before a request is seen by it.
/// </summary>
public sealed class UserInfoConcurrentTests
{
    [Fact]
    public async Task Concurrent_requests_for_many_users_each_get_their_own_user_and_see_changes_made_before_them()
    {
        using var factory = new AuthgateFactory();
        var http = factory.CreateClient();
        var management = new Infrastructure.Management(factory.CreateClient());
        var users = new List<(string Email, string Token)>();
        for (var i = 0; i < 24; i++)
        {
            var email = $"concurrent{i}@example.test";
            await management.PostAsync("users", new JsonObject { ["connection"] = TestTenant.Connection, ["email"] = email, ["password"] = TestTenant.Password, ["name"] = "before " + i });
            var login = await (await http.PostFormAsync(Protocol.PasswordGrant(username: email, password: TestTenant.Password, scope: "openid profile email"))).ShouldSucceedAsync();
            users.Add((email, login.GetProperty("access_token").GetString()!));
        }

        async Task<JsonNode[]> AllAtOnceAsync() => await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => users).Select(async u =>
            JsonNode.Parse((await (await http.UserInfoAsync(u.Token)).ShouldSucceedAsync()).GetRawText())!));

        var answers = await AllAtOnceAsync();
        answers.Select(a => a["email"]!.GetValue<string>()).Should().Equal(Enumerable.Range(0, 4).SelectMany(_ => users).Select(u => u.Email));
        answers.Select(a => a["name"]!.GetValue<string>()).Should().AllSatisfy(n => n.Should().StartWith("before "));

        var renamed = answers.Take(users.Count).Select(a => a["sub"]!.GetValue<string>()).Where((_, i) => i % 2 == 0).ToList();
        foreach (var sub in renamed)
        {
            await management.PatchAsync($"users/{Uri.EscapeDataString(sub)}", new JsonObject { ["name"] = "after" });
        }

        answers = await AllAtOnceAsync();
        answers.Should().AllSatisfy(a =>
        {
            var name = a["name"]!.GetValue<string>();
            if (renamed.Contains(a["sub"]!.GetValue<string>()))
            {
                name.Should().Be("after");
            }
            else
            {
                name.Should().StartWith("before ");
            }
        });

        await management.PatchAsync($"users/{Uri.EscapeDataString(renamed[0])}", new JsonObject { ["blocked"] = true });
        (await http.UserInfoAsync(users[0].Token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.UserInfoAsync(users[1].Token)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
