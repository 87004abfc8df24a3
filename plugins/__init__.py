"""First-party plugins: each sub-package is one plugin, loaded through the `clapboard` entry points."""
