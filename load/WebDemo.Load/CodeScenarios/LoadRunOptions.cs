using System.CommandLine;
using WebDemo.Load.Cli;

namespace WebDemo.Load.CodeScenarios;

/// <summary>
/// The command line of a code run, on the CLI's own grammar: the load, measurement and report options of <c>run</c> (the
/// same <see cref="CommonOptions"/>, so the same parsing, errors and <c>--help</c>), <c>--target</c> (default: a fresh
/// API process from this checkout per stage) and <c>--api-dll</c>. Only <c>run</c>'s request options (--strategy,
/// --method, --inputs, --text-length, --latency-ms) are missing: a code scenario writes its own request. Words without
/// <c>--</c> are left to the program (e.g. which set of scenarios to run).
/// </summary>
internal sealed class LoadRunOptions
{
    public CommonOptions Common { get; } = new(defaultLoad: null, defaultWarmUp: null);

    public Option<Uri?> Target { get; } = CommonOptions.UrlOption("--target", "The server under load (default: a fresh API process from this checkout per stage).");

    public Option<string?> ApiDll { get; } = new("--api-dll")
    {
        Description = "The built WebDemo.Api.dll to start (default: src/WebDemo.Api/bin/<configuration>/net10.0 in the checkout).",
    };

    public Argument<string[]> Words { get; } = new("words")
    {
        Description = "Left to the program, e.g. which set of scenarios to run.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public RootCommand Command(string name)
    {
        // A word is never an option: a misspelt one (--targt) is a usage error, not a word.
        Words.Validators.Add(result =>
        {
            foreach (var word in result.Tokens.Where(token => token.Value.StartsWith('-')))
            {
                result.AddError($"Unknown option {word.Value}: --help lists the options.");
            }
        });
        var command = new RootCommand($"Runs the code scenarios of '{name}' and writes their reports.");
        Common.AddWithoutRequestShapeTo(command, Target, ApiDll);
        command.Arguments.Add(Words);
        return command;
    }
}
