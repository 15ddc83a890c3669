using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class JobErrorConfiguration : IEntityTypeConfiguration<JobError>
{
    public void Configure(EntityTypeBuilder<JobError> builder)
    {
        builder.ToTable("job_errors");
        builder.HasKey(e => new { e.JobId, e.Seq });
        builder.Property(e => e.JobId).HasMaxLength(32);
    }
}
