namespace Authgate.Dashboard.Accounts;

internal enum SignInOutcome
{
    Wrong,
    Locked,
    Busy,
    Success,
}
