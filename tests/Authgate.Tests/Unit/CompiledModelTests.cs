using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Unit;

/// <summary>
/// The server runs on EF models compiled to code (Storage/CompiledModels, one per provider). When an entity or its
/// configuration changes and tools/compiled-models.sh was not run, the compiled model no longer describes the
/// database the migrations create: this compares it with the model EF builds from the configurations.
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate = "the compiled models must describe the entity configurations: run tools/compiled-models.sh";

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public void Each_compiled_model_matches_the_entity_configurations(string provider)
    {
        using var configured = Context(provider, compiled: null);
        using var compiled = Context(provider, compiled: provider == StorageProvider.Postgres
            ? Authgate.Storage.CompiledModels.Postgres.AuthDbContextModel.Instance
            : Authgate.Storage.CompiledModels.Sqlite.AuthDbContextModel.Instance);
        var fromConfigurations = configured.GetService<IDesignTimeModel>().Model;

        // Tables, columns, store types, nullability, keys, indexes and foreign keys, as the database sees them.
        Tables(compiled.Model).Should().Equal(Tables(fromConfigurations), Regenerate);
        // What the database does not show: the CLR side of each property.
        Describe(compiled.Model).Should().Equal(Describe(fromConfigurations), Regenerate);
    }

    [Fact]
    public async Task The_server_uses_the_compiled_model_of_its_provider()
    {
        using var factory = new AuthgateFactory();
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();

        db.Model.GetType().FullName.Should().Be(TestDatabase.IsPostgres
            ? "Authgate.Storage.CompiledModels.Postgres.AuthDbContextModel"
            : "Authgate.Storage.CompiledModels.Sqlite.AuthDbContextModel");
        (await db.TenantSettings.AnyAsync()).Should().BeTrue();
    }

    private static AuthDbContext Context(string provider, IModel? compiled)
    {
        var options = new DbContextOptionsBuilder<AuthDbContext>();
        _ = provider == StorageProvider.Postgres ? options.UseNpgsql("Host=localhost") : options.UseSqlite("Data Source=:memory:");
        if (compiled is not null)
        {
            options.UseModel(compiled);
        }

        return new AuthDbContext(options.Options);
    }

    private static List<string> Tables(IModel model) =>
        model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).SelectMany(table =>
            table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{table.Name}.{c.Name}: {c.StoreType} nullable={c.IsNullable}")
            .Append($"{table.Name} key={string.Join(",", table.PrimaryKey?.Columns.Select(c => c.Name) ?? [])}")
            .Concat(table.Indexes.Select(i => $"{table.Name} index {i.Name} ({string.Join(",", i.Columns.Select(c => c.Name))}) unique={i.IsUnique}").Order(StringComparer.Ordinal))
            .Concat(table.ForeignKeyConstraints.Select(f => $"{table.Name} fk ({string.Join(",", f.Columns.Select(c => c.Name))}) -> {f.PrincipalTable.Name} {f.OnDeleteAction}").Order(StringComparer.Ordinal)))
        .ToList();

    private static List<string> Describe(IModel model) =>
        model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal).SelectMany(entity =>
            entity.GetProperties().Select(p =>
                $"{entity.Name}.{p.Name}: {p.ClrType.Name} nullable={p.IsNullable} generated={p.ValueGenerated} converter={p.GetValueConverter()?.GetType().Name} concurrency={p.IsConcurrencyToken}")
            .Concat(entity.GetNavigations().Select(n => $"{entity.Name}.{n.Name} -> {n.TargetEntityType.Name}"))
            .Append($"{entity.Name} owned={entity.IsOwned()} key={string.Join(",", entity.FindPrimaryKey()?.Properties.Select(p => p.Name) ?? [])}"))
        .ToList();
}
