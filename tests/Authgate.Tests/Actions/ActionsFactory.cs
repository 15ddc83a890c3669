using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Actions;

/// <summary>The test server with a short script budget, so a runaway script ends quickly.</summary>
public sealed class ActionsFactory : AuthgateFactory
{
    public const int ScriptTimeoutMilliseconds = 1_500;

    public ActionsFactory()
        : base(TestTenant.Create(), new Dictionary<string, string?>
        {
            ["Authgate:Scripting:TimeoutMilliseconds"] = ScriptTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Authgate:Scripting:MaxStatements"] = "1000000000",
            // These tests log the same user in far more often than the same-user limit allows.
            ["Authgate:Protection:LoginsPerUserAndIpPerMinute"] = "100000",
        })
    {
    }
}
