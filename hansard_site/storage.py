"""Static file storage: whitenoise's compressed, hashed names, degrading to plain names.

Once `collectstatic` has written its manifest (as `make run` and any deployment do), URLs carry
content hashes and whitenoise serves them with far-future caching. A checkout that never ran
`collectstatic` (the test suite, black-box checks) has no manifest; rather than failing every
page with "Missing staticfiles manifest entry", URLs then fall back to the plain file name. So
does a file added since the last `collectstatic` (a stale manifest), instead of a server error.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ArchiveStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if self.hash_key(self.clean_name(name)) not in self.hashed_files:
            return name
        return super().stored_name(name)
