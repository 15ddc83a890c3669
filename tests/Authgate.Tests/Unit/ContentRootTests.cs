using Authgate.Hosting;

namespace Authgate.Tests.Unit;

/// <summary>A server started from another directory still reads the appsettings.json published beside it.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "authgate-tests", "content-root-" + Guid.NewGuid().ToString("N"));
    private readonly string app;
    private readonly string elsewhere;

    public ContentRootTests()
    {
        app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
        elsewhere = Directory.CreateDirectory(Path.Combine(root, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(app, "appsettings.json"), "{}");
    }

    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Started_from_a_directory_without_settings_the_servers_own_directory_is_the_content_root() =>
        ContentRoot.Choose([], NoEnvironment, elsewhere, app).Should().Be(app);

    [Fact]
    public void Started_from_a_directory_with_settings_aspnets_choice_stands()
    {
        File.WriteAllText(Path.Combine(elsewhere, "appsettings.json"), "{}");

        ContentRoot.Choose([], NoEnvironment, elsewhere, app).Should().BeNull();
    }

    [Theory]
    [InlineData("--contentRoot", "/srv")]
    [InlineData("--contentroot=/srv", "--urls=http://127.0.0.1:0")]
    [InlineData("/contentRoot", "/srv")]
    public void A_content_root_on_the_command_line_is_kept(string first, string second) =>
        ContentRoot.Choose([first, second], NoEnvironment, elsewhere, app).Should().BeNull();

    [Theory]
    [InlineData("ASPNETCORE_CONTENTROOT")]
    [InlineData("DOTNET_CONTENTROOT")]
    public void A_content_root_in_the_environment_is_kept(string variable) =>
        ContentRoot.Choose([], name => name == variable ? "/srv" : null, elsewhere, app).Should().BeNull();

    [Fact]
    public void A_server_directory_without_settings_changes_nothing()
    {
        File.Delete(Path.Combine(app, "appsettings.json"));

        ContentRoot.Choose(["--Authgate:SeedFile=/contentRoot/tenant.json"], NoEnvironment, elsewhere, app).Should().BeNull();
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
