using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ClientCredentialConfiguration : IEntityTypeConfiguration<ClientCredential>
{
    public void Configure(EntityTypeBuilder<ClientCredential> builder)
    {
        builder.ToTable("client_credentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.ClientId).HasMaxLength(64);
        // Declared so EF orders inserts after their client's; the database cascades deletes.
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ClientId);
        builder.Property(c => c.Kid).HasMaxLength(128);
        builder.Property(c => c.Alg).HasMaxLength(16);
    }
}
