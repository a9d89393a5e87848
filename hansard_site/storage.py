"""Static file storage: whitenoise's compressed, hashed names, degrading to plain names.

A checkout that never ran `collectstatic` (the test suite) has no manifest, and a file added
since the last run is missing from it: rather than failing with "Missing staticfiles manifest
entry", such URLs fall back to the plain file name.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ArchiveStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if self.hash_key(self.clean_name(name)) not in self.hashed_files:
            return name
        return super().stored_name(name)
