using System.Xml.Linq;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Authgate.Dashboard;

/// <summary>
/// Keeps ASP.NET Core's Data Protection keys (which seal the dashboard's antiforgery tokens) in the shared database,
/// sealed with the server's encryption key: a form rendered by one node is accepted by every other.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes, SecretProtector protector, TimeProvider time) : IXmlRepository
{
    private const string Purpose = "data_protection.key";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        return db.DataProtectionKeys.AsEnumerable().Select(k => XElement.Parse(protector.Unprotect(k.XmlProtected, Purpose))).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            Id = friendlyName.Length <= 64 ? friendlyName : RandomValues.Hex(16),
            XmlProtected = protector.Protect(element.ToString(SaveOptions.DisableFormatting), Purpose),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}
