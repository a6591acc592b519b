"""tui.screens layer."""
