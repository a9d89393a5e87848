"""Every importer of the archive, in its stages, run by one service (:mod:`.service`) whoever
calls it (the admin's upload through a job, or ``manage.py import_files``).

- :mod:`.parse`: a file into plain records (:mod:`.records`, :mod:`.members_records`), with no
  database: ParlParse debate XML of every vintage and kind, the text of a debate page, the
  people and offices files, the seats table; and the files of an upload or a zip, sniffed and
  put in order (:mod:`.parse.sources`).
- :mod:`.threads`: a parsed day's business and threads (question, answer, supplementary;
  speech, intervention), worked out on the records, still with no database.
- :mod:`.write`: records into rows, one transaction per file, editors' corrections kept.
- :mod:`.jobs`: the queue an upload waits in and the worker that runs it.

What parsers and writers share: the records, the report of a file (:mod:`.report`), office
titles (:mod:`.office_titles`) and how a page prints a party (:mod:`.party_labels`). Writers
never import a parser (an import-linter contract in ``.importlinter`` checks it).
"""
