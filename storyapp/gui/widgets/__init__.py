"""The main window's parts, one idea per file; each knows Qt and nothing of the pipeline."""
