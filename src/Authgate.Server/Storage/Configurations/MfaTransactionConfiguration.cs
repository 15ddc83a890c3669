using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class MfaTransactionConfiguration : IEntityTypeConfiguration<MfaTransaction>
{
    public void Configure(EntityTypeBuilder<MfaTransaction> builder)
    {
        builder.ToTable("mfa_transactions");
        builder.HasKey(a => a.TokenHash);
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.ExpiresAt);
    }
}
