"""The linter: rules, the engine that runs them, suppressions and output formats."""
