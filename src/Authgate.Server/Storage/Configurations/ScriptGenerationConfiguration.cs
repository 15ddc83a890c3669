using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ScriptGenerationConfiguration : IEntityTypeConfiguration<ScriptGeneration>
{
    public void Configure(EntityTypeBuilder<ScriptGeneration> builder)
    {
        builder.ToTable("script_generations");
        builder.HasKey(g => g.TriggerId);
    }
}
