using System.Reflection;
using Authgate.Dashboard.Accounts;
using Authgate.Logs;
using Authgate.Storage.Entities;
using Htmx;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard;

/// <summary>
/// Runs around every dashboard page handler, so no page can forget it: the antiforgery check on every POST, the
/// session check for the page's <see cref="DashboardAccessLevel"/>, and the tenant-log record of every change.
/// Made for each page request from the request's <see cref="DashboardRequestServices"/>: antiforgery from the
/// dashboard's own provider, the sessions and logs from the server's scope for the request.
/// </summary>
internal sealed class DashboardFilter(IAntiforgery antiforgery, DashboardSessions sessions, LogEvents logs, IOptions<DashboardOptions> options) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var post = HttpMethods.IsPost(http.Request.Method);
        if (post && !await antiforgery.IsRequestValidAsync(http))
        {
            context.Result = Message(400, "This form has expired or did not come from the dashboard. Reload the page and send it again.");
            return;
        }

        var level = context.HandlerInstance.GetType().GetCustomAttribute<DashboardAccessAttribute>()?.Level ?? DashboardAccessLevel.SignedIn;
        SignedInAdmin? admin = null;
        if (level != DashboardAccessLevel.Anyone)
        {
            var found = await sessions.FindAsync(http, http.RequestAborted);
            var stage = level == DashboardAccessLevel.SignedIn ? DashboardSession.SignedIn : DashboardSession.AwaitingCode;
            if (found is not { } session || session.Session.Stage != stage)
            {
                context.Result = ToSignIn(http);
                return;
            }

            admin = new SignedInAdmin(session.Admin.Id, session.Admin.Email, session.Session.IdHash);
            http.Items[typeof(SignedInAdmin)] = admin;
            http.Items[typeof(DashboardAdmin)] = session.Admin;
        }

        var executed = await next();
        if (post && level == DashboardAccessLevel.SignedIn && admin is not null)
        {
            var description = context.HandlerMethod?.MethodInfo.GetCustomAttribute<AuditedAttribute>()?.Description ?? $"Dashboard: {http.Request.Path.Value}";
            // A handler's 404 (the thing named is gone) is a refused change too.
            var success = executed.Exception is null && executed.HandlerInstance is DashboardPage { HasErrors: false }
                && executed.Result is not Microsoft.AspNetCore.Mvc.Infrastructure.IStatusCodeActionResult { StatusCode: >= 400 };
            DashboardAudit.Record(logs, http, admin, description, success);
        }
    }

    private IActionResult ToSignIn(HttpContext http)
    {
        var target = options.Value.Path + "/sign-in";
        if (http.Request.IsHtmx())
        {
            http.Response.Htmx(h => h.Redirect(target));
            return new StatusCodeResult(204);
        }

        return new RedirectResult(target);
    }

    public static ContentResult Message(int status, string text) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authgate dashboard</title></head><body><main><h1>Authgate dashboard</h1><p role=\"alert\">{System.Net.WebUtility.HtmlEncode(text)}</p><p><a href=\"\">Back</a></p></main></body></html>",
    };
}
