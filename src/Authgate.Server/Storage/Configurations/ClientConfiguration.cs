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
    }
}
