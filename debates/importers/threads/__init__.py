"""A parsed day's business and threads, worked out on its records before anything is written.

:func:`.finish.finish_day` runs both: the kind of business under each heading
(:mod:`.business`), then who replies to whom (:mod:`.replies`), with what a speech is in its
exchange (:mod:`.speech_roles`).
"""
