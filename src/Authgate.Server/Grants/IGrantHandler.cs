namespace Authgate.Grants;

/// <summary>One grant type of <c>POST /oauth/token</c>. Register a class per grant; the dispatcher finds it by <see cref="GrantType"/>.</summary>
internal interface IGrantHandler
{
    string GrantType { get; }

    Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken);
}
