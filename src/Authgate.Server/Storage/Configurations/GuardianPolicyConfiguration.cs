using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class GuardianPolicyConfiguration : IEntityTypeConfiguration<GuardianPolicy>
{
    public void Configure(EntityTypeBuilder<GuardianPolicy> builder)
    {
        builder.ToTable("guardian_policies");
        builder.HasKey(a => a.Policy);
    }
}
