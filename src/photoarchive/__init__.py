"""Photo Archive: catalogue, browse, caption and safely publish decades of photos."""

__version__ = "0.1.0"
