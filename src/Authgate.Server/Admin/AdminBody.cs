using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;

namespace Authgate.Admin;

/// <summary>The first step of every write: the body against its schema, then a private copy to work on.</summary>
internal static class AdminBody
{
    public static AdminResult<JsonObject> Validate(ObjectSchema schema, JsonNode? body)
    {
        var errors = SchemaValidator.Validate(schema, body);
        return errors.Count > 0 || body is not JsonObject obj ? AdminError.Invalid(errors) : AdminJson.Copy(obj);
    }
}
