using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class LogEventConfiguration : IEntityTypeConfiguration<LogEvent>
{
    public void Configure(EntityTypeBuilder<LogEvent> builder)
    {
        builder.ToTable("logs");
        builder.HasKey(l => l.LogId);
        builder.Property(l => l.LogId).HasMaxLength(64);
        builder.Property(l => l.Type).HasMaxLength(32);
        builder.HasIndex(l => new { l.Date, l.Seq });
        builder.HasIndex(l => l.Type);
        builder.HasIndex(l => l.UserId);
    }
}
