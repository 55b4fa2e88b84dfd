namespace MLNet.Rnn.Tests.Packaging;

/// <summary>NuGet's global packages folder, where restore puts packages and builds read them from.</summary>
internal static class NuGetCache
{
    /// <summary>The folder NUGET_PACKAGES names, or NuGet's default, ~/.nuget/packages.</summary>
    public static string PackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
