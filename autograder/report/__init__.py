"""Reporters: plain results in, text or files out. Each module is one format."""
