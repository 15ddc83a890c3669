using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class JobChunkConfiguration : IEntityTypeConfiguration<JobChunk>
{
    public void Configure(EntityTypeBuilder<JobChunk> builder)
    {
        builder.ToTable("job_chunks");
        builder.HasKey(c => new { c.JobId, c.Seq });
        builder.Property(c => c.JobId).HasMaxLength(32);
    }
}
