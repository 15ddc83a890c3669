using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class AttackProtectionRowConfiguration : IEntityTypeConfiguration<AttackProtectionRow>
{
    public void Configure(EntityTypeBuilder<AttackProtectionRow> builder)
    {
        builder.ToTable("attack_protection");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
    }
}
