using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class MfaOobCodeConfiguration : IEntityTypeConfiguration<MfaOobCode>
{
    public void Configure(EntityTypeBuilder<MfaOobCode> builder)
    {
        builder.ToTable("mfa_oob_codes");
        builder.HasKey(a => a.CodeHash);
        builder.Property(a => a.CodeHash).HasMaxLength(64);
        builder.HasOne<MfaTransaction>().WithMany().HasForeignKey(a => a.TransactionHash).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MfaAuthenticator>().WithMany().HasForeignKey(a => a.AuthenticatorId).OnDelete(DeleteBehavior.Cascade);
    }
}
