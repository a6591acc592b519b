"""tui.widgets layer."""
