using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class ActionBindingConfiguration : IEntityTypeConfiguration<ActionBinding>
{
    public void Configure(EntityTypeBuilder<ActionBinding> builder)
    {
        builder.ToTable("action_bindings");
        builder.HasKey(b => b.Id);
        builder.HasOne<ActionDefinition>().WithMany().HasForeignKey(b => b.ActionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.TriggerId, b.Position });
    }
}
