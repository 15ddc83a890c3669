using Authgate.Hosting;
using Authgate.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Authgate.Tests.Unit;

/// <summary>What Authgate adds to an operator's PostgreSQL connection string, and what it leaves to them.</summary>
public sealed class StorageSettingsTests
{
    private static NpgsqlConnectionStringBuilder Built(string connectionString) => new(Settings(connectionString).ConnectionString);

    private static StorageSettings Settings(string connectionString, string? lookupConnections = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authgate:Database:Provider"] = "postgres",
            ["ConnectionStrings:Authgate"] = connectionString,
            ["Authgate:Database:LookupConnections"] = lookupConnections,
        }).Build();
        return new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = Path.GetTempPath() }));
    }

    [Fact]
    public void A_bare_connection_string_gets_bounded_waits_auto_prepare_and_no_reset_on_close()
    {
        var built = Built("Host=db;Database=authgate;Username=authgate;Password=x");

        built.Timeout.Should().Be(5);
        built.CommandTimeout.Should().Be(15);
        built.MaxAutoPrepare.Should().Be(64);
        built.AutoPrepareMinUsages.Should().Be(2);
        built.NoResetOnClose.Should().BeTrue();
    }

    [Fact]
    public void What_the_operator_set_is_kept()
    {
        var built = Built("Host=db;Database=authgate;Username=authgate;Password=x;Timeout=30;Command Timeout=60;Max Auto Prepare=0;No Reset On Close=false");

        built.Timeout.Should().Be(30);
        built.CommandTimeout.Should().Be(60);
        built.MaxAutoPrepare.Should().Be(0);
        built.NoResetOnClose.Should().BeFalse();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_pool_too_small_for_the_writer_and_the_start_up_work_is_refused_naming_the_setting(int size)
    {
        var build = () => Built($"Host=db;Database=authgate;Username=authgate;Password=x;Maximum Pool Size={size}");

        build.Should().Throw<InvalidOperationException>().WithMessage($"ConnectionStrings:Authgate: Maximum Pool Size is {size}; Authgate needs at least 3 connections per node*");
    }

    [Fact]
    public void The_smallest_pool_it_accepts_is_three_and_without_pooling_there_is_no_bound()
    {
        Built("Host=db;Database=authgate;Username=authgate;Password=x;Maximum Pool Size=3").MaxPoolSize.Should().Be(3);
        Built("Host=db;Database=authgate;Username=authgate;Password=x;Pooling=false;Maximum Pool Size=1").Pooling.Should().BeFalse();
    }

    [Fact]
    public void The_key_lookups_get_a_multiplexed_pool_of_two_with_the_nodes_other_settings_and_a_name_of_their_own()
    {
        var settings = Settings("Host=db;Database=authgate;Username=authgate;Password=x;Maximum Pool Size=50;Timeout=30");
        var lookups = new NpgsqlConnectionStringBuilder(settings.PostgresLookupConnectionString);

        lookups.Multiplexing.Should().BeTrue();
        lookups.MaxPoolSize.Should().Be(2);
        lookups.ApplicationName.Should().Be("authgate lookups");
        lookups.Host.Should().Be("db");
        lookups.Password.Should().Be("x");
        lookups.Timeout.Should().Be(30);
        lookups.MaxAutoPrepare.Should().Be(64);
        new NpgsqlConnectionStringBuilder(settings.ConnectionString).Multiplexing.Should().BeFalse("the node's own pool carries transactions");
    }

    [Fact]
    public void The_lookups_pool_takes_its_size_from_the_setting_and_keeps_the_operators_name_and_a_minimum_it_can_hold()
    {
        var lookups = new NpgsqlConnectionStringBuilder(Settings("Host=db;Database=authgate;Username=authgate;Application Name=idp-eu;Minimum Pool Size=10", "6").PostgresLookupConnectionString);

        lookups.MaxPoolSize.Should().Be(6);
        lookups.MinPoolSize.Should().Be(6);
        lookups.ApplicationName.Should().Be("idp-eu lookups");
    }

    [Theory]
    [InlineData("Host=db;Database=authgate;Username=authgate", "0")]
    [InlineData("Host=db;Database=authgate;Username=authgate;Pooling=false", null)]
    public void With_no_lookup_connections_or_no_pooling_the_lookups_use_the_nodes_pool(string connectionString, string? lookupConnections) =>
        Settings(connectionString, lookupConnections).PostgresLookupConnectionString.Should().BeNull();

    [Theory]
    [InlineData("-1")]
    [InlineData("65")]
    [InlineData("two")]
    [InlineData(" 2")]
    public void A_lookup_connection_count_that_is_not_a_whole_number_up_to_64_is_refused_naming_the_setting(string value)
    {
        var build = () => Settings("Host=db;Database=authgate;Username=authgate", value);

        build.Should().Throw<InvalidOperationException>().WithMessage($"Authgate:Database:LookupConnections must be a whole number from 0 to 64, not '{value}'.");
    }

    [Fact]
    public void Multiplexing_on_the_nodes_own_pool_is_refused_naming_the_setting_that_does_it()
    {
        var build = () => Built("Host=db;Database=authgate;Username=authgate;Multiplexing=true");

        build.Should().Throw<InvalidOperationException>().WithMessage("ConnectionStrings:Authgate: Multiplexing=true is not supported*Authgate:Database:LookupConnections*");
    }
}
