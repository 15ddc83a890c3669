using System.Net;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.RefreshTokens;

/// <summary>A refresh token returned in a 200 was committed first: it still works after the server is SIGKILLed.</summary>
public sealed class DurabilityTests
{
    [SqliteFact]
    public async Task Every_refresh_token_returned_before_a_sigkill_works_after_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var seed = Path.Combine(directory, "tenant.json");
        await File.WriteAllTextAsync(seed, JsonSerializer.Serialize(TestTenant.Create(), TenantFile.JsonOptions));

        var lastReceived = new string[6];
        await using (var server = ServerProcess.Start(directory, "--seed", seed))
        {
            await server.WaitUntilListeningAsync();
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            for (var i = 0; i < lastReceived.Length; i++)
            {
                lastReceived[i] = (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access")))
                    .ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;
            }

            // Each chain keeps rotating its own token until the process dies under it.
            using var stop = new CancellationTokenSource();
            var chains = Enumerable.Range(0, lastReceived.Length).Select(i => Task.Run(async () =>
            {
                var exchanges = 0;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var response = await http.PostFormAsync(Protocol.RefreshGrant(lastReceived[i], TestTenant.LeewayClientId, TestTenant.LeewayClientSecret));
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new InvalidOperationException($"Chain {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }

                        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        lastReceived[i] = json.GetProperty("refresh_token").GetString()!;
                        exchanges++;
                    }
                    catch (HttpRequestException)
                    {
                        break;
                    }
                }

                return exchanges;
            })).ToList();

            await Task.Delay(1500);
            await server.KillAsync(); // SIGKILL, mid-flight
            stop.Cancel();
            var counts = await Task.WhenAll(chains);
            counts.Should().OnlyContain(c => c > 0, "every chain rotated at least once before the kill");
        }

        await using var restarted = ServerProcess.Start(directory);
        await restarted.WaitUntilListeningAsync();
        using var again = new HttpClient { BaseAddress = new Uri(restarted.BaseUrl) };
        foreach (var token in lastReceived)
        {
            await (await again.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();
        }
    }
}
