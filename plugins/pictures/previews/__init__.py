"""Preview files: the upload, the downloads and the actions on a preview (one module each)."""
