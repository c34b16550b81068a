"""The bottom layer: the operating system and the file system, the one place that knows them."""
