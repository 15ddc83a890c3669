using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Authgate.Tests.Unit;

/// <summary>
/// The token path reads and writes some entities outside EF with row shapes generated from the EF model
/// (src/Authgate.Server/Storage/EntityRowShapes.cs). When an entity or its configuration changes, the generated file
/// no longer matches the model: this renders it again from each provider's model and compares.
/// AUTHGATE_WRITE_ROW_SHAPES=1 writes the file instead.
/// </summary>
public sealed class EntityRowShapesTests
{
    /// <summary>The entities the token path reads or writes outside EF.</summary>
    public static readonly Type[] Entities =
    [
        typeof(User), typeof(RefreshToken), typeof(Client), typeof(ResourceServer), typeof(Connection), typeof(ClientGrant),
        typeof(TenantSettings), typeof(AttackProtectionRow), typeof(LogEvent),
    ];

    [Fact]
    public void The_generated_row_shapes_match_the_model_of_each_provider()
    {
        var sqlite = EntityRowShapesSource.Render(Model(StorageProvider.Sqlite), Entities);
        var postgres = EntityRowShapesSource.Render(Model(StorageProvider.Postgres), Entities);
        postgres.Should().Be(sqlite, "both providers map these entities alike, so one generated file serves both");
        if (Environment.GetEnvironmentVariable("AUTHGATE_WRITE_ROW_SHAPES") == "1")
        {
            File.WriteAllText(EntityRowShapesSource.FilePath, sqlite);
        }

        File.ReadAllText(EntityRowShapesSource.FilePath).ReplaceLineEndings("\n").Should().Be(sqlite,
            "Storage/EntityRowShapes.cs must be generated from the current model: run AUTHGATE_WRITE_ROW_SHAPES=1 dotnet test tests/Authgate.Tests --filter EntityRowShapesTests");
    }

    [Fact]
    public void An_entity_without_a_generated_shape_is_refused_by_name()
    {
        var refused = () => EntityRowShapes.For<Role>();
        refused.Should().Throw<NotSupportedException>().WithMessage("*Role*");
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IModel Model(string provider)
    {
        var options = new DbContextOptionsBuilder<AuthDbContext>();
        _ = provider == StorageProvider.Postgres ? options.UseNpgsql("Host=localhost") : options.UseSqlite("Data Source=:memory:");
        using var context = new AuthDbContext(options.Options);
        return context.GetService<IDesignTimeModel>().Model;
    }
}
