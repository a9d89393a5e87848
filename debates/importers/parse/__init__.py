"""Parsers: a file's bytes or text into plain records, with no database.

Debates: :mod:`.parlparse_xml` (with :mod:`.parlparse_html`, :mod:`.parlparse_values` and, for
Westminster Hall, written statements and answers and committees, :mod:`.parlparse_kinds`) and
:mod:`.debate_text`. Members: :mod:`.popolo`, :mod:`.offices_json`, :mod:`.seats_csv`. Every
parser keeps within :mod:`.limits`; :mod:`.sources` opens uploads and zips one entry at a time.
"""
