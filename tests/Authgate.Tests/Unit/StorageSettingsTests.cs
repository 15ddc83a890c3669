using Authgate.Hosting;
using Authgate.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Authgate.Tests.Unit;

/// <summary>What Authgate adds to an operator's PostgreSQL connection string, and what it leaves to them.</summary>
public sealed class StorageSettingsTests
{
    private static NpgsqlConnectionStringBuilder Built(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authgate:Database:Provider"] = "postgres",
            ["ConnectionStrings:Authgate"] = connectionString,
        }).Build();
        return new NpgsqlConnectionStringBuilder(new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = Path.GetTempPath() })).ConnectionString);
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
}
