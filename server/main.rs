fn main() -> std::process::ExitCode {
    flaskguard::cli::main()
}
