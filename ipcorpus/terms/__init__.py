"""terms stage."""
