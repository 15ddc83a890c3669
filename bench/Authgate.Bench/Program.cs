using Authgate.Bench;

// dotnet run -c Release --project bench/Authgate.Bench -- all [--quick] [--postgres] [--no-micro]
//                                                       actions [--quick] [--in-process]  (Actions and RBAC overhead)
//                                                       micro
//                                                       ldap [--quick] (LDAP login against a throwaway slapd)
//                                                       import [--quick] [--postgres] (a users-import job: users/s, RSS)
//                                                       noop-server   (started by `all` for the HTTP ceiling)
var command = args.FirstOrDefault() ?? "all";
switch (command)
{
    case "noop-server":
        await NoopServer.RunAsync(args[1..]);
        return 0;
    case "actions":
        await new ActionsBench(args.Contains("--quick"), includeHttp: !args.Contains("--in-process")).RunAsync();
        return 0;
    case "ldap":
        return await LdapBench.RunAsync(quick: args.Contains("--quick"));
    case "import":
        return await ImportBench.RunAsync(quick: args.Contains("--quick"), postgres: args.Contains("--postgres"));
    case "micro":
        MicroBenchmarks.Run(new Report(), quick: args.Contains("--quick"));
        return 0;
    case "all":
        var options = new BenchOptions(args.Contains("--quick"), args.Contains("--postgres"), !args.Contains("--no-micro") && !args.Contains("--quick"));
        var report = await new BenchRunner(options).RunAsync();
        if (options.Micro)
        {
            MicroBenchmarks.Run(report, quick: false);
        }

        await report.WriteAsync(ServerUnderTest.RepositoryRoot, options);
        foreach (var target in report.Targets())
        {
            Console.WriteLine($"{target.Name,-50} {target.Value,10:N2}  target {target.Goal,-6} {(target.Met ? "met" : "MISSED")}");
        }

        Console.WriteLine("Wrote BENCHMARKS.md and bench/results/latest.json.");
        return 0;
    default:
        Console.Error.WriteLine("Usage: all [--quick] [--postgres] [--no-micro] | actions [--quick] | micro [--quick]");
        return 2;
}
