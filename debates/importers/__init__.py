"""Every importer of the archive, in its stages, run by one service (:mod:`.service`).

- :mod:`.parse`: a file into plain records (:mod:`.records`, :mod:`.members_records`), with
  no database.
- :mod:`.threads`: a parsed day's business and threads, still with no database.
- :mod:`.write`: records into rows, one transaction per file, editors' corrections kept.
- :mod:`.jobs`: the queue an upload waits in and the worker that runs it.

Writers never import a parser (an import-linter contract in ``.importlinter`` checks it).
"""
