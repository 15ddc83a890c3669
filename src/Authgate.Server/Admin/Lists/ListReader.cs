using System.Linq.Expressions;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Lists;

/// <summary>
/// Reads one page of a list from the database. Offset pages follow the resource's own order and count the total only
/// when asked; checkpoint pages follow the id, and <c>next</c> is the opaque position after the page's last row.
/// </summary>
internal static class ListReader
{
    public static async Task<AdminResult<ListPage>> ReadAsync<T>(
        IQueryable<T> query,
        ListQuery list,
        Func<IQueryable<T>, IOrderedQueryable<T>> order,
        Expression<Func<T, string>> id,
        Func<List<T>, Task<List<JsonObject>>> views,
        CancellationToken cancellationToken)
    {
        if (list.IsCheckpoint)
        {
            if (list.From is { } from)
            {
                if (Decode(from) is not { } after)
                {
                    return AdminError.BadQuery("Query validation error: 'from' is not a valid checkpoint.");
                }

                query = query.Where(After(id, after));
            }

            var rows = await query.OrderBy(id).Take(list.Limit + 1).ToListAsync(cancellationToken);
            var idOf = id.Compile();
            var next = rows.Count > list.Limit ? Encode(idOf(rows[list.Limit - 1])) : null;
            return new ListPage(await views(rows.Take(list.Limit).ToList()), list, 0, next);
        }

        var total = list.IncludeTotals ? await query.CountAsync(cancellationToken) : 0;
        var page = await order(query).Skip(list.Skip).Take(list.PerPage).ToListAsync(cancellationToken);
        return new ListPage(await views(page), list, total, null);
    }

    /// <summary>A page from rows already in memory (small, fixed lists).</summary>
    public static ListPage FromMemory(IReadOnlyList<JsonObject> all, ListQuery list, Func<JsonObject, string> id)
    {
        if (list.IsCheckpoint)
        {
            var after = list.From is { } from ? Decode(from) : null;
            var rest = all.Where(i => after is null || string.CompareOrdinal(id(i), after) > 0).OrderBy(id, StringComparer.Ordinal).ToList();
            var next = rest.Count > list.Limit ? Encode(id(rest[list.Limit - 1])) : null;
            return new ListPage(rest.Take(list.Limit).ToList(), list, 0, next);
        }

        return new ListPage(all.Skip(list.Skip).Take(list.PerPage).ToList(), list, all.Count, null);
    }

    public static string Encode(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) ? Encoding.UTF8.GetString(buffer, 0, length) : null;
    }

    /// <summary><c>row =&gt; string.Compare(id(row), after) &gt; 0</c>, which EF translates to <c>id &gt; @after</c>.</summary>
    private static Expression<Func<T, bool>> After<T>(Expression<Func<T, string>> id, string after)
    {
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var body = Expression.GreaterThan(Expression.Call(compare, id.Body, Expression.Constant(after)), Expression.Constant(0));
        return Expression.Lambda<Func<T, bool>>(body, id.Parameters);
    }
}
