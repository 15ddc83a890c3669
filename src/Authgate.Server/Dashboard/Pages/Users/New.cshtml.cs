using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Users;
using Authgate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Pages.Users;

internal sealed class NewModel(UserService users, AuthDbContext db) : DashboardPage
{
    [BindProperty]
    public string? Connection { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<string> Connections { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields => ["connection", "email", "username", "password"];

    public async Task OnGetAsync() => await LoadAsync();

    [Audited("Create a User")]
    public async Task<IActionResult> OnPostAsync()
    {
        var body = new JsonObject { ["connection"] = Connection ?? "", ["password"] = Password ?? "" };
        if (!string.IsNullOrWhiteSpace(Email))
        {
            body["email"] = Email.Trim();
        }

        if (!string.IsNullOrWhiteSpace(Username))
        {
            body["username"] = Username.Trim();
        }

        if (!(await users.CreateAsync(body, HttpContext.RequestAborted)).TryGet(out var created, out var error))
        {
            await LoadAsync();
            return Refused(error);
        }

        return Redirect(Href("users/settings/" + Escape(created.String("user_id")!)));
    }

    private async Task LoadAsync() =>
        Connections = await db.Connections.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(HttpContext.RequestAborted);
}
