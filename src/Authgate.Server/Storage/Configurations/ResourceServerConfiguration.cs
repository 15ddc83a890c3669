using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ResourceServerConfiguration : IEntityTypeConfiguration<ResourceServer>
{
    public void Configure(EntityTypeBuilder<ResourceServer> builder)
    {
        builder.ToTable("resource_servers");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.Identifier).HasMaxLength(600);
        builder.HasIndex(r => r.Identifier).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(255);
        builder.Property(r => r.SigningAlg).HasMaxLength(16);
        builder.Property(r => r.TokenDialect).HasMaxLength(32);
        builder.OwnsMany(r => r.Scopes, scopes =>
        {
            scopes.ToJson("scopes");
            scopes.Property(s => s.Value).HasJsonPropertyName("value");
            scopes.Property(s => s.Description).HasJsonPropertyName("description");
        });
    }
}
