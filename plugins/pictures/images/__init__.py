"""Pictures with Pillow: opened without trusting them (``opening``), turned into Zou's PNG
variants (``variants``), stored under a row's id (``storing``)."""

from .opening import open_picture, picture_format
from .storing import remove_preview_pictures, store_preview_picture
from .variants import letterbox, square

__all__ = ["letterbox", "open_picture", "picture_format", "remove_preview_pictures", "square",
           "store_preview_picture"]
