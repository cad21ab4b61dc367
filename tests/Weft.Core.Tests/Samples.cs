namespace Weft.Core.Tests;

/// <summary>The sample definitions in the repository's <c>samples</c> folder.</summary>
internal static class Samples
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding Weft.slnx, found by walking up from the test binaries.</summary>
    public static string RepoRoot => Root.Value;

    public static string Folder => Path.Combine(RepoRoot, "samples");

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Weft.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Weft.slnx");
    }
}
