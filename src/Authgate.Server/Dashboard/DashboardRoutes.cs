using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Authgate.Dashboard;

/// <summary>Puts every dashboard page under the configured path (<c>/admin</c> by default), in lower case.</summary>
internal sealed class DashboardRoutes(string path) : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template ?? "";
            selector.AttributeRouteModel = new AttributeRouteModel { Template = AttributeRouteModel.CombineTemplates(path.Trim('/'), Lower(template)) };
        }
    }

    // Folder and page names are PascalCase files; their URLs are lower case with dashes (SignIn -> sign-in).
    private static string Lower(string template) =>
        string.Join('/', template.Split('/').Select(segment => segment.StartsWith('{') ? segment : Dashed(segment)));

    private static string Dashed(string segment) =>
        string.Concat(segment.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
