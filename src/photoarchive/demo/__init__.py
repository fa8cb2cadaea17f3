"""The demo archive: placeholder pictures for the seed gallery, imported like any folder."""
