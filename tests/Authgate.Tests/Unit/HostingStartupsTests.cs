using Authgate.Hosting;

namespace Authgate.Tests.Unit;

/// <summary>The web host's search for hosting startup assemblies is skipped unless something asks for it.</summary>
public sealed class HostingStartupsTests
{
    private static Dictionary<string, string> Run(string[] args, Dictionary<string, string?> environment)
    {
        var written = new Dictionary<string, string>();
        HostingStartups.SkipUnlessAsked(args, name => environment.GetValueOrDefault(name), (name, value) => written[name] = value);
        return written;
    }

    [Fact]
    public void Nothing_asking_for_hosting_startups_skips_the_search() =>
        Run([], []).Should().Equal(new Dictionary<string, string> { [HostingStartups.Prevent] = "true" });

    [Theory]
    [InlineData(HostingStartups.Prevent, "false")]
    [InlineData(HostingStartups.Prevent, "true")]
    [InlineData(HostingStartups.Assemblies, "Microsoft.AspNetCore.Watch.BrowserRefresh")]
    [InlineData("DOTNET_PREVENTHOSTINGSTARTUP", "false")]
    [InlineData("DOTNET_HOSTINGSTARTUPASSEMBLIES", "Some.Startup")]
    public void An_operators_variable_stands(string variable, string value) =>
        Run([], new Dictionary<string, string?> { [variable] = value }).Should().BeEmpty();

    [Theory]
    [InlineData("--preventHostingStartup=false")]
    [InlineData("--hostingStartupAssemblies=Some.Startup")]
    [InlineData("/PreventHostingStartup")]
    public void An_option_on_the_command_line_stands(string arg) =>
        Run([arg, "x"], []).Should().BeEmpty();

    [Fact]
    public void An_empty_assemblies_variable_asks_for_nothing() =>
        Run(["--urls=http://127.0.0.1:0"], new Dictionary<string, string?> { [HostingStartups.Assemblies] = "" }).Should().ContainKey(HostingStartups.Prevent);
}
