"""The desktop window (PySide6 only): views and workers over the query layer."""
