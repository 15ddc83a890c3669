using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(32);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        // Only v1 values are found by their hash.
        builder.HasIndex(t => t.TokenHash).IsUnique().HasFilter("format = 1");
        builder.Property(t => t.FamilyId).HasMaxLength(32);
        builder.Property(t => t.ClientId).HasMaxLength(64);
        builder.Property(t => t.UserId).HasMaxLength(128);
        // One index for a user's tokens, a user's tokens of one client, and one family (its user and client known).
        builder.HasIndex(t => new { t.UserId, t.ClientId, t.FamilyId });
        builder.Property(t => t.Audience).HasMaxLength(600);
        builder.Property(t => t.RevokedReason).HasMaxLength(32);
    }
}
