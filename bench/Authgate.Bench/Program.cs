using Authgate.Bench;

// dotnet run -c Release --project bench/Authgate.Bench -- all [--quick] [--postgres] [--no-micro] [--no-r2r | --reuse-publish]
//                                                       profile <password|refresh|client_credentials|client_credentials_distinct|userinfo|jwks|wrong_password|flood> [--postgres] [--seconds N] [--with-action]
//                                                       lane [--rounds N] [--postgres] [--reuse-publish] (the protected lane's pair only, N times)
//                                                       measure [--seconds N] [--tokens N] [--reuse-publish] (CPU per request, RSS, start-up CPU)
//                                                       actions [--quick] [--in-process] [--rounds N]  (Actions and RBAC overhead; more rounds on a noisy machine)
//                                                       micro
//                                                       hash [--seconds N]  (the three Argon2id verify ceilings only)
//                                                       ldap [--quick] (LDAP login against a throwaway slapd)
//                                                       import [--quick] [--postgres] (a users-import job: users/s, RSS)
//                                                       noop-server   (started by `all` for the HTTP ceiling)
//                                                       seed <file> [users]  (writes the bench tenant as a seed file, for start-up A/B runs by hand)
var command = args.FirstOrDefault() ?? "all";
if (command is "all" or "profile" or "measure" or "lane" && !args.Contains("--no-r2r"))
{
    // --reuse-publish: the ReadyToRun server published by an earlier run (the server's code has not changed since).
    ServerUnderTest.ServerDll = args.Contains("--reuse-publish") && File.Exists(ServerBuild.PublishedDll)
        ? ServerBuild.PublishedDll
        : await ServerBuild.PublishReadyToRunAsync();
}

switch (command)
{
    case "seed" when args.Length > 1:
        // The seed the benchmark's own servers get, loopback exempt from the per-IP protections included.
        await File.WriteAllTextAsync(args[1], BenchTenant.SeedJson(
            args.Length > 2 && int.TryParse(args[2], out var seedUsers) ? seedUsers : new BenchOptions(false, false, false).Users));
        return 0;
    case "noop-server":
        await NoopServer.RunAsync(args[1..]);
        return 0;
    case "profile":
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(15);
        await new BenchRunner(new BenchOptions(Quick: true, args.Contains("--postgres"), Micro: false)).ProfileAsync(args.ElementAtOrDefault(1) ?? "refresh", seconds, args.Contains("--with-action"));
        return 0;
    case "lane":
        var laneRounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
        await new BenchRunner(new BenchOptions(Quick: false, args.Contains("--postgres"), Micro: false)).LaneAsync(laneRounds);
        return 0;
    case "measure":
        var measureSeconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(8);
        var tokens = args.SkipWhile(a => a != "--tokens").Skip(1).Select(int.Parse).FirstOrDefault(0);
        await CostProbe.RunAsync(measureSeconds, tokens);
        return 0;
    case "actions":
        var roundsAt = Array.IndexOf(args, "--rounds");
        await new ActionsBench(args.Contains("--quick"), includeHttp: !args.Contains("--in-process"),
            roundsAt >= 0 && roundsAt + 1 < args.Length && int.TryParse(args[roundsAt + 1], out var rounds) && rounds > 0 ? rounds : null).RunAsync();
        return 0;
    case "ldap":
        return await LdapBench.RunAsync(quick: args.Contains("--quick"));
    case "import":
        return await ImportBench.RunAsync(quick: args.Contains("--quick"), postgres: args.Contains("--postgres"));
    case "hash":
        var hashSeconds = TimeSpan.FromSeconds(args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10));
        foreach (var path in new[] { "server", "avx2", "libargon2", "libsodium", "server", "avx2" })
        {
            Console.WriteLine($"{(path == "server" ? $"server ({Ceilings.ServerHashBackend})" : path),-16} {Ceilings.HashVerifyPerSecond(hashSeconds, path),8:N1} verifies/s");
        }

        return 0;
    case "rs256":
        Console.WriteLine($"RS256 {Ceilings.Rs256SignPerSecond(TimeSpan.FromSeconds(8)),8:N0} tokens/s");
        return 0;
    case "micro":
        MicroBenchmarks.Run(new Report(), quick: args.Contains("--quick"));
        return 0;
    case "all":
        var options = new BenchOptions(args.Contains("--quick"), args.Contains("--postgres"), !args.Contains("--no-micro") && !args.Contains("--quick"));
        var report = await new BenchRunner(options).RunAsync();
        report.Postgres = options.Postgres;
        if (options.Micro)
        {
            MicroBenchmarks.Run(report, quick: false);
        }

        await report.WriteAsync(ServerUnderTest.RepositoryRoot, options);
        foreach (var target in report.Targets())
        {
            Console.WriteLine($"{target.Name,-50} {target.Value,10:N2}  target {target.Goal,-7} {(target.Met ? "met" : "MISSED")}");
        }

        Console.WriteLine("Wrote BENCHMARKS.md and bench/results/latest.json.");
        return 0;
    default:
        Console.Error.WriteLine("Usage: all [--quick] [--postgres] [--no-micro] [--reuse-publish] | measure [--seconds N] [--tokens N] [--reuse-publish] | profile <scenario> [--seconds N] | actions [--quick] [--in-process] | micro [--quick] | ldap [--quick] | import [--quick] [--postgres]");
        return 2;
}
