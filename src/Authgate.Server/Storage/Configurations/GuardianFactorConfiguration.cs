using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class GuardianFactorConfiguration : IEntityTypeConfiguration<GuardianFactor>
{
    public void Configure(EntityTypeBuilder<GuardianFactor> builder)
    {
        builder.ToTable("guardian_factors");
        builder.HasKey(a => a.Name);
    }
}
