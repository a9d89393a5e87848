"""Writers: records into rows, in bulk, in the caller's one transaction per file.

A debate day: :func:`.day.write_day`, with :mod:`.headings`, :mod:`.speeches`, :mod:`.divisions`
and the speakers matched by :mod:`.speakers`. Members data: :func:`.members.write_members`.
A value an editor corrected is kept (:mod:`.history`); :mod:`.bulk` writes many rows at once.
"""
