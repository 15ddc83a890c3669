namespace Authgate.Tests.CustomDatabase;

/// <summary>The custom database test classes share one pair of servers (<see cref="CustomDatabaseFixture"/>) and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class CustomDatabaseCollection : ICollectionFixture<CustomDatabaseFixture>
{
    public const string Name = "custom-database";
}
