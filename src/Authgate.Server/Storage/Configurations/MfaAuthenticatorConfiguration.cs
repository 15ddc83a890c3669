using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class MfaAuthenticatorConfiguration : IEntityTypeConfiguration<MfaAuthenticator>
{
    public void Configure(EntityTypeBuilder<MfaAuthenticator> builder)
    {
        builder.ToTable("mfa_authenticators");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId);
        builder.Property(a => a.PhoneNumber).HasMaxLength(32);
        builder.Property(a => a.Email).HasMaxLength(320);
    }
}
