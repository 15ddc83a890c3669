using Authgate.Admin.Schemas;

namespace Authgate.Admin.Users;

/// <summary>
/// The body of <c>POST /users</c> (closed) and <c>PATCH /users/{id}</c> (open, as Auth0 documents it: keys it does
/// not name are ignored). <c>app_metadata</c> and <c>user_metadata</c> are free-form objects.
/// </summary>
internal static class UserSchema
{
    private const string PhonePattern = "^\\+[0-9]{1,15}$";

    private static PropertyList Fields(bool patch)
    {
        StringSchema Clearable(StringSchema s) => patch ? s.OrNull() : s;
        return new()
        {
            { "email", Clearable(Schema.String().Formatted(SchemaFormats.Email).Describe("The user's email.")) },
            { "phone_number", Clearable(Schema.String().Matching(PhonePattern).Describe("The user's phone number (following the E.164 recommendation)")) },
            { "user_metadata", Schema.Open(new()).Describe("Data related to the user that does not affect the application's core functionality.") },
            { "blocked", Schema.Boolean().Describe("Whether this user was blocked by an administrator (true) or not (false).") },
            { "email_verified", Schema.Boolean().Describe("Whether this email address is verified (true) or unverified (false).") },
            { "phone_verified", Schema.Boolean().Describe("Whether this phone number has been verified (true) or not (false).") },
            { "app_metadata", Schema.Open(new()).Describe("Data related to the user that does affect the application's core functionality.") },
            { "given_name", Clearable(Schema.String().Length(1, 150).Describe("The user's given name(s).")) },
            { "family_name", Clearable(Schema.String().Length(1, 150).Describe("The user's family name(s).")) },
            { "name", Clearable(Schema.String().Length(1, 300).Describe("The user's full name.")) },
            { "nickname", Clearable(Schema.String().Length(1, 300).Describe("The user's nickname.")) },
            { "picture", Clearable(Schema.String().Formatted(SchemaFormats.StrictUri).Describe("A URI pointing to the user's picture")) },
            { "connection", Schema.String().Min(1).Describe("Name of the connection this user should be created in.") },
            { "password", Clearable(Schema.String().Min(1).Describe("Initial password for this user. Only valid for auth0 connection strategy.")) },
            { "verify_email", Schema.Boolean().Describe("Whether the user will receive a verification email after creation (true) or no email (false).") },
            { "username", Clearable(Schema.String().Length(1, 128).Describe("The user's username. Only valid if the connection requires a username")) },
        };
    }

    public static readonly ObjectSchema Create = Schema.Closed(Fields(patch: false))
        .With("user_id", Schema.String().Length(0, 255).Matching("^\\S*$").Describe("The user's user_id. Only valid for auth0 connection strategy."))
        .Require("connection");

    public static readonly ObjectSchema Update = Schema.Open(Fields(patch: true))
        .With("verify_phone_number", Schema.Boolean())
        .With("client_id", Schema.String().Min(1));

    // Descriptions without a final period are Auth0's own, as its messages quote them (AUTH0-MGMT-SCHEMA.md §2.2).

    /// <summary>
    /// A user in a tenant file: the POST body, or an Argon2id <c>password_hash</c> (from <c>authgate export</c>)
    /// instead of a password.
    /// </summary>
    public static readonly ObjectSchema Import = Create.With("password_hash", Schema.String().Length(1, 256));
}
