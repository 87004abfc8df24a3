"""Thumbnails that are not preview variants: avatars of persons, projects and the organisation,
and the pictures of preview background files.

They live where Zou keeps them, in the ``pictures`` bucket under the
``thumbnails`` prefix, named after the row's id; the row says whether there is
one (``has_avatar``) so a missing picture is a JSON 404, never a broken image.
"""
