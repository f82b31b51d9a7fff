/// What `kb` and the `kb-serve` program it hands `kb serve` to agree on.
public enum ServeProgram {
    /// The program's file name, next to `kb`'s.
    public static let executableName = "kb-serve"
    /// One line for `kb --help`'s list of commands and for `kb serve --help`.
    public static let abstract = "Preview the site locally: build, serve, rebuild on every change, reload open pages."
}
