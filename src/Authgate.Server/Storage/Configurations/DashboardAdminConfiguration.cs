using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Authgate.Storage.Configurations;

internal sealed class DashboardAdminConfiguration : IEntityTypeConfiguration<DashboardAdmin>
{
    public void Configure(EntityTypeBuilder<DashboardAdmin> builder)
    {
        builder.ToTable("dashboard_admins");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.HasIndex(a => a.Email).IsUnique();
    }
}
