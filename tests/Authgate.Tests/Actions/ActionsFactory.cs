using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Actions;

/// <summary>
/// The test server with a short script budget, so a runaway script ends quickly; long enough that a loaded CI machine
/// compiling Jint's code paths for the first time (two Rules and an Action in one login) stays inside it.
/// </summary>
public sealed class ActionsFactory : AuthgateFactory
{
    public const int ScriptTimeoutMilliseconds = 3_000;

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
