using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(255);
        builder.Property(c => c.AppType).HasMaxLength(32);
        builder.Property(c => c.TokenEndpointAuthMethod).HasMaxLength(32);
        builder.Property(c => c.JwtAlg).HasMaxLength(16);
        builder.Ignore(c => c.IsPublic);
        builder.OwnsOne(c => c.RefreshToken, settings =>
        {
            settings.ToJson("refresh_token");
            settings.Property(r => r.RotationType).HasJsonPropertyName("rotation_type");
            settings.Property(r => r.ExpirationType).HasJsonPropertyName("expiration_type");
            settings.Property(r => r.Leeway).HasJsonPropertyName("leeway");
            settings.Property(r => r.TokenLifetime).HasJsonPropertyName("token_lifetime");
            settings.Property(r => r.InfiniteTokenLifetime).HasJsonPropertyName("infinite_token_lifetime");
            settings.Property(r => r.IdleTokenLifetime).HasJsonPropertyName("idle_token_lifetime");
            settings.Property(r => r.InfiniteIdleTokenLifetime).HasJsonPropertyName("infinite_idle_token_lifetime");
            settings.Ignore(r => r.IsRotating);
            settings.Ignore(r => r.AbsoluteLifetime);
            settings.Ignore(r => r.IdleLifetime);
        });
    }
}
