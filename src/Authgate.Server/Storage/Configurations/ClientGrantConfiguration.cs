using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ClientGrantConfiguration : IEntityTypeConfiguration<ClientGrant>
{
    public void Configure(EntityTypeBuilder<ClientGrant> builder)
    {
        builder.ToTable("client_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).HasMaxLength(32);
        builder.Property(g => g.ClientId).HasMaxLength(64);
        // Declared so EF orders inserts after their client's; the database cascades deletes.
        builder.HasOne<Client>().WithMany().HasForeignKey(g => g.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(g => g.Audience).HasMaxLength(600);
        builder.HasIndex(g => new { g.ClientId, g.Audience, g.SubjectType }).IsUnique();
    }
}
