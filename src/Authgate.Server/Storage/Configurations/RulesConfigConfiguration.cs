using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class RulesConfigConfiguration : IEntityTypeConfiguration<RulesConfig>
{
    public void Configure(EntityTypeBuilder<RulesConfig> builder)
    {
        builder.ToTable("rules_configs");
        builder.HasKey(c => c.Key);
    }
}
