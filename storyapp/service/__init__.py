"""The application: what both front ends do (open the engines, run a job, save a version, logs,
settings, evaluation). Qt-free; the desktop app and the command line sit above it."""
