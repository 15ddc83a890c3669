using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.UserId);
        builder.Property(u => u.UserId).HasMaxLength(128);
        builder.Property(u => u.ConnectionId).HasMaxLength(32);
        builder.HasOne<Connection>().WithMany().HasForeignKey(u => u.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(320);
        builder.Property(u => u.Username).HasMaxLength(128);
        builder.Property(u => u.NormalizedUsername).HasMaxLength(128);
        builder.HasIndex(u => new { u.ConnectionId, u.NormalizedEmail }).IsUnique();
        builder.HasIndex(u => new { u.ConnectionId, u.NormalizedUsername }).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(Connections.Hashes.PhcString.MaxLength);
        builder.Property(u => u.LastIp).HasMaxLength(64);
    }
}
