"""Every importer of the archive, run by one service (:mod:`.service`), whoever calls it.

Parsing (file -> plain records, no database) and writing (records -> rows, one transaction):

- debates: :mod:`.parlparse_xml` (ParlParse XML of any vintage, with :mod:`.parlparse_html`
  and :mod:`.parlparse_values`) and :mod:`.debate_text` (the text of a debate page), into
  :mod:`.records`; each parsed day is finished before writing (:mod:`.finish`: the kind of
  business of each heading in :mod:`.business`, threads in :mod:`.replies` with
  :mod:`.speech_roles`); stored by :mod:`.writer` with :mod:`.headings`, :mod:`.speeches`,
  :mod:`.divisions`, speakers resolved by :mod:`.speakers`;
- members: :mod:`.popolo` (the people file), :mod:`.offices_json` (both offices files, titles in
  :mod:`.office_titles`) and :mod:`.seats_csv` (the seats table), into
  :mod:`.members_records`; stored by :mod:`.members_writer`.
"""
