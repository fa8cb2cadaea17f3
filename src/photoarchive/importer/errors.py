"""The importer's own error type: a file that cannot be imported, with a reason for the user."""


class ImportFailure(Exception):
    """One file could not be imported; ``str(error)`` is the reason recorded in the catalogue.

    Reasons are short and written for an archivist: "not an image", "truncated JPEG",
    "image too large (decompression bomb)", "permission denied".
    """
