"""Reporters: plain results in, text or files out. Each module is one format; `escape` makes
a submission's text safe for each destination."""
