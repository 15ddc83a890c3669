using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ActionVersionConfiguration : IEntityTypeConfiguration<ActionVersion>
{
    public void Configure(EntityTypeBuilder<ActionVersion> builder)
    {
        builder.ToTable("action_versions");
        builder.HasKey(v => v.Id);
        builder.HasOne<ActionDefinition>().WithMany().HasForeignKey(v => v.ActionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ActionId, v.Number }).IsUnique();
    }
}
