using System.Text.Json;
using PasswordGrantClient;

// Usage: dotnet run --project samples/PasswordGrantClient -- [path/to/demo-credentials.json]
// Settings come from the demo credentials file the server writes on first start, overridable by environment
// variables AUTHGATE_DOMAIN, CLIENT_ID, CLIENT_SECRET, USERNAME, PASSWORD, AUDIENCE, SCOPE and API_URL.
var file = args.Length > 0 ? args[0] : Path.Combine("src", "Authgate.Server", "data", "demo-credentials.json");
var demo = File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement : default;

string Setting(string variable, string property, string fallback) =>
    Environment.GetEnvironmentVariable(variable)
    ?? (demo.ValueKind == JsonValueKind.Object && demo.TryGetProperty(property, out var value) ? value.GetString() : null)
    ?? fallback;

var settings = new WalkthroughSettings(
    new Uri(Setting("AUTHGATE_DOMAIN", "-", "http://localhost:5080/")),
    Setting("CLIENT_ID", "client_id", ""),
    Setting("CLIENT_SECRET", "client_secret", ""),
    Setting("USERNAME", "username", ""),
    Setting("PASSWORD", "password", ""),
    Setting("AUDIENCE", "audience", "https://api.sample.test/"),
    Setting("SCOPE", "-", "openid read:sample"),
    new Uri(Setting("API_URL", "-", "http://localhost:5090/api/private-scoped")));

if (settings.ClientId.Length == 0)
{
    Console.Error.WriteLine($"No credentials: start the server once (it writes {file}) or set CLIENT_ID, CLIENT_SECRET, USERNAME and PASSWORD.");
    return 2;
}

using var http = new HttpClient();
try
{
    var outcome = await Walkthrough.RunAsync(http, settings, Console.Out);
    return outcome.ApiStatus == 200 ? 0 : 1;
}
catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
