-- What a day of speeches costs the database alone, with each kind of search index (see
-- docs/capacity.md): the newest chamber day's first 450 speeches inserted again with new source
-- ids, in transactions rolled back, so the archive is left as it was.
--
--     psql -h 127.0.0.1 -U postgres hansard_1m -f bench/day_insert.sql
--
-- The GIN cases build their index inside the transaction (about 20 s each at a million).
\timing on
CREATE TEMP TABLE day AS
    SELECT * FROM debates_speech
    WHERE sitting_id = (
        SELECT s.sitting_id FROM debates_speech s JOIN debates_sitting t ON t.id = s.sitting_id
        WHERE t.kind = 'debate' ORDER BY s.date DESC LIMIT 1)
    ORDER BY position LIMIT 450;
\set ins 'INSERT INTO debates_speech (created, updated, date, position, speaker_name, speaker_office, kind, text, source_id, source_values, oral_question_number, "column", time, source_url, section_id, sitting_id, speaker_id, rendered_text, party_id, label) SELECT created, updated, date, position, speaker_name, speaker_office, kind, text, source_id || md5(random()::text), source_values, oral_question_number, "column", time, source_url, section_id, sitting_id, speaker_id, rendered_text, party_id, label FROM day'

\echo every index live (RUM)
BEGIN; :ins; ROLLBACK;
BEGIN; :ins; ROLLBACK;
BEGIN; :ins; ROLLBACK;

\echo without the search index
BEGIN; DROP INDEX debates_speech_search; :ins; ROLLBACK;
BEGIN; DROP INDEX debates_speech_search; :ins; ROLLBACK;

-- GIN in the search index's place, built inside the transaction; :gin is followed by its
-- fastupdate setting.
\set gin 'BEGIN; SET LOCAL maintenance_work_mem = ''512MB''; DROP INDEX debates_speech_search; CREATE INDEX day_insert_gin ON debates_speech USING gin (search) WITH (fastupdate = '

\echo GIN with fastupdate (the three inserts after the build)
:gin on);
:ins;
:ins;
:ins;
ROLLBACK;

\echo GIN without fastupdate
:gin off);
:ins;
:ins;
ROLLBACK;
