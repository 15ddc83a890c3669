using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).HasMaxLength(32);
        builder.Property(j => j.Type).HasMaxLength(16);
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.ConnectionId).HasMaxLength(32);
        builder.Property(j => j.ExternalId).HasMaxLength(128);
        builder.Property(j => j.Format).HasMaxLength(8);
    }
}
