namespace Authgate.Admin.Users;

/// <summary>What a <c>PATCH /users/{id}</c> caller may change, by the scopes of its token.</summary>
internal enum UserUpdateReach
{
    /// <summary><c>update:users</c>: the whole profile.</summary>
    Everything,

    /// <summary><c>update:users_app_metadata</c> alone: app_metadata only.</summary>
    AppMetadata,

    /// <summary>An end user's own token (<c>update:current_user_metadata</c>): user_metadata only, as at Auth0.</summary>
    UserMetadata,
}
